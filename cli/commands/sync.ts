import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import type { Environment } from '../../shared/config/service-config.ts';
import { createLabHttpClient } from '../../shared/http/client.ts';
import { createLogger } from '../../shared/logging/logger.ts';
import { loadLabCa } from '../../shared/pki/index.ts';
import type { RunSummary } from '../../services/dirsync/src/domain/connector-space.ts';
import { cliVantage } from '../vantage.ts';

/**
 * `lab sync now [--delta|--full|--passwords]`: asks dirsync (on corp) to run a cycle
 * now and prints its summary, like Start-ADSyncSyncCycle. `lab sync runs` lists recent runs.
 */
type Summary = Omit<RunSummary, 'id' | 'startedAt' | 'finishedAt'>;

export function formatSummary(summary: Summary): string {
  const line = `sync ${summary.kind}: ${summary.imported} imported, ${summary.adds} adds, ${summary.updates} updates, ${summary.deletes} deletes, ${summary.matches} matches, ${summary.passwords} passwords, ${summary.unchanged} unchanged, ${summary.errors.length} errors`;
  return [line, ...summary.errors.map((error) => `  error: ${error}`)].join('\n');
}

export async function runSync(args: string[], env: Environment): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { as: { type: 'string' }, delta: { type: 'boolean', default: false }, full: { type: 'boolean', default: false }, passwords: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
  });
  const action = positionals[0];
  if (action !== 'now' && action !== 'runs') {
    console.error('usage: lab sync now [--delta|--full|--passwords] [--as corp] | lab sync runs');
    return 2;
  }
  const vantage = cliVantage(values.as, env);
  const client = createLabHttpClient({ vantage, tls: { ca: loadLabCa(resolve(env.LAB_CERTS_DIR ?? 'certs')) }, logger: createLogger({ service: 'lab-cli', level: 'silent' }) });
  try {
    if (action === 'runs') {
      const response = await client.request('https://dirsync/sync/runs');
      const runs = (JSON.parse(response.body) as { runs: (Summary & { finishedAt: string })[] }).runs;
      console.log(values.json ? JSON.stringify(runs, null, 2) : runs.map((run) => `${run.finishedAt}  ${formatSummary(run)}`).join('\n'));
      return 0;
    }
    const kind = values.full ? 'full' : values.passwords ? 'passwords' : 'delta';
    const response = await client.request('https://dirsync/sync/run', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind }), timeoutMs: 120_000 });
    if (response.status !== 200) {
      console.error(`lab sync: dirsync answered ${response.status}: ${response.body}`);
      return 1;
    }
    const summary = JSON.parse(response.body) as Summary;
    console.log(values.json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
    return summary.errors.length ? 1 : 0;
  } finally {
    await client.close();
  }
}
