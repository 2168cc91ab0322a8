import { createLabHttpClient } from '../../shared/http/client.ts';
import { planRoute, type Vantage } from '../../shared/http/route.ts';
import { LabError } from '../../shared/errors/lab-error.ts';
import { createLogger } from '../../shared/logging/logger.ts';
import { allLabNames, containerAtAddress } from '../../shared/topology/index.ts';

/**
 * `lab status`: from where the CLI stands, resolve every lab name, call its health
 * endpoint over verified TLS, and say who answered — the split DNS and the edge, seen
 * from one vantage point.
 */
export interface StatusRow {
  readonly name: string;
  /** The address the name resolves to here; null when it does not resolve. */
  readonly address: string | null;
  /** Which container owns that address (the first hop), when it is a lab address. */
  readonly addressOwner: string | null;
  readonly route: 'direct' | 'proxy' | 'none';
  readonly reachable: boolean;
  readonly tls: 'ok' | 'failed' | null;
  /** The chain that answered, first hop first: e.g. ['edge', 'wap']. */
  readonly answeredBy: readonly string[];
  /** The LabError code when the name was not reachable. */
  readonly error: string | null;
}

const tlsErrorCodes = new Set(['TLS_UNTRUSTED', 'TLS_HOSTNAME', 'TLS_VALIDITY']);

function chainOf(via: string | string[] | undefined, container: string, route: StatusRow['route']): string[] {
  const proxies = [via ?? []].flat().join(',').split(',').map((entry) => entry.trim().split(' ')[1]).filter((entry): entry is string => Boolean(entry));
  return [...(route === 'proxy' ? ['edge proxy'] : []), ...proxies.reverse(), container];
}

async function probe(vantage: Vantage, client: ReturnType<typeof createLabHttpClient>, name: string): Promise<StatusRow> {
  const address = (await vantage.resolver.lookup(name)) ?? null;
  const addressOwner = address ? (containerAtAddress(address, vantage.plan)?.container ?? null) : null;
  let route: StatusRow['route'] = 'none';
  try {
    route = (await planRoute(vantage, name)).kind;
    const response = await client.request(`https://${name}/_lab/health`, { timeoutMs: 5_000 });
    const health = JSON.parse(response.body) as { container?: string };
    const container = health.container ?? String(response.headers['x-lab-container'] ?? '?');
    return { name, address, addressOwner, route, reachable: response.status === 200, tls: 'ok', answeredBy: chainOf(response.headers.via, container, route), error: response.status === 200 ? null : `HTTP_${response.status}` };
  } catch (error) {
    const code = error instanceof LabError ? error.code : 'ERROR';
    return { name, address, addressOwner, route, reachable: false, tls: tlsErrorCodes.has(code) ? 'failed' : null, answeredBy: [], error: code };
  }
}

export async function collectStatus(vantage: Vantage, ca: string): Promise<StatusRow[]> {
  const client = createLabHttpClient({ vantage, tls: { ca }, logger: createLogger({ service: 'lab-cli', level: 'silent' }) });
  try {
    return await Promise.all(allLabNames().map((name) => probe(vantage, client, name)));
  } finally {
    await client.close();
  }
}

export function renderStatus(vantage: Vantage, rows: readonly StatusRow[]): string {
  const header = ['NAME', 'ADDRESS', 'ROUTE', 'REACHABLE', 'TLS', 'ANSWERED BY'];
  const lines = rows.map((row) => [
    row.name,
    row.address ? `${row.address}${row.addressOwner ? ` (${row.addressOwner})` : ''}` : 'does not resolve',
    row.route === 'proxy' ? 'via proxy' : row.route,
    row.reachable ? 'yes' : `no (${row.error})`,
    row.tls ?? '-',
    row.answeredBy.length ? row.answeredBy.join(' → ') : '-',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return [`lab status from ${vantage.from} (networks: ${vantage.networks.join(', ')}; egress: ${vantage.egress})`, format(header), ...lines.map(format)].join('\n');
}
