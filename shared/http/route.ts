import { LabError } from '../errors/lab-error.ts';
import { networkOfAddress, ports, proxyHost, type AddressPlan, type Egress, type NetworkName } from '../topology/index.ts';
import type { Resolver } from './resolver.ts';

/** How a caller reaches a host: straight to an address on its own network, or via the forward proxy. */
export type Route =
  | { readonly kind: 'direct'; readonly address: string }
  | { readonly kind: 'proxy'; readonly proxyAddress: string; readonly proxyPort: number };

export interface Vantage {
  /** Who is calling, for error messages and logs (a container name). */
  readonly from: string;
  readonly networks: readonly NetworkName[];
  readonly egress: Egress;
  readonly plan: AddressPlan;
  readonly resolver: Resolver;
  /**
   * The caller's own address on each network it is attached to. Locally every socket
   * would otherwise come from 127.0.0.1; binding the leg's address makes the source what
   * it is in Docker, where the edge's source rules and logs see it.
   */
  readonly localAddresses?: Partial<Record<NetworkName, string>>;
}

/** The address a connection to `address` should leave from, if the vantage has one on that network. */
export function sourceAddressFor(vantage: Vantage, address: string): string | undefined {
  const network = networkOfAddress(address, vantage.plan);
  return network ? vantage.localAddresses?.[network] : undefined;
}

/**
 * Simulated routing: a host only reaches addresses on networks it is attached to.
 * In Docker the kernel enforces this (perimeter and corp are `internal`); locally
 * every address is on loopback, so the lab enforces it here, the same way.
 */
export function assertRoutable(vantage: Vantage, address: string, hostname: string): void {
  const network = networkOfAddress(address, vantage.plan);
  if (network && vantage.networks.includes(network)) return;
  throw new LabError({
    code: 'NO_ROUTE',
    statusCode: 502,
    expose: true,
    message: `${vantage.from} has no route to ${address} (${hostname}): it is attached to ${vantage.networks.join(', ')} only`,
    hop: `${vantage.from} → ${hostname}`,
  });
}

/**
 * Names the caller's network resolves go direct; others go through the edge's
 * forward proxy when the caller has one (like a PAC file's bypass list), else fail
 * as a resolution error.
 */
export async function planRoute(vantage: Vantage, hostname: string): Promise<Route> {
  const address = await vantage.resolver.lookup(hostname);
  if (address) {
    assertRoutable(vantage, address, hostname);
    return { kind: 'direct', address };
  }
  if (vantage.egress === 'proxy') {
    const proxyAddress = await vantage.resolver.lookup(proxyHost);
    if (!proxyAddress) {
      throw new LabError({ code: 'PROXY_NOT_FOUND', statusCode: 502, expose: true, message: `${proxyHost} does not resolve from ${vantage.from}`, hop: `${vantage.from} → ${proxyHost}` });
    }
    assertRoutable(vantage, proxyAddress, proxyHost);
    return { kind: 'proxy', proxyAddress, proxyPort: ports.proxy };
  }
  throw new LabError({
    code: 'DNS_NOT_FOUND',
    statusCode: 502,
    expose: true,
    message: `${hostname} does not resolve from ${vantage.from} (${vantage.networks.join(', ')})`,
    hop: `${vantage.from} → ${hostname}`,
  });
}
