/**
 * `npm run bench:freebusy [-- --seconds 5] [--warm 50] [--cold 15]`: a measurement, not a test.
 *
 * 1. S2S app-token issuance per second on one core next to the raw RSA-2048 signing rate,
 *    in the same run (scripts/bench/s2s-rates.ts, as bench:s2s); target: issuance ≥ 50 %
 *    of raw signing.
 * 2. F10 on the local lab behind the edge's hybrid minimum, as the integration test sets it
 *    up: Mary on corp POSTs GetUserAvailability with Basic to mail.contoso.test about
 *    joe@contoso.test, and exchange-onprem goes OAuth to Exchange Online. Latency is what
 *    Mary's client sees; the per-hop times come from exchange-onprem's own journey
 *    (`/_lab/state`, each HTTP hop's `ms`), read after each request, outside the timing.
 *    - warm: the app tokens cached, every connection open (sequential, after a warm-up);
 *    - cold: exchange-onprem restarted before each request, so its AppTokenCache is empty —
 *      and so are its connection pools: cold includes new TLS connections (through the
 *      edge's forward proxy) to the Autodiscover host, the token service and EWS, plus
 *      Mary's own new connection. The restart itself is not timed into the latency.
 *    - baseline: the same request about alex@contoso.test, a mailbox exchange-onprem holds
 *      itself — the Basic check at the dc and the EWS work with no cross-premises hop.
 *
 * Starts the local lab, so it takes the integration-test lock: nothing else may bind the
 * lab's addresses meanwhile. Prints Markdown for the README.
 */
import { parseArgs } from 'node:util';
import type { HopId } from '../shared/cross-premises/hops.ts';
import type { LabHttpClient } from '../shared/http/client.ts';
import { loadSeed } from '../shared/seed/seed.ts';
import { askFreeBusy, hopNames, type FreeBusyRun } from '../test/support/free-busy-journey.ts';
import { clientOn } from '../test/support/in-process-lab.ts';
import { lab, startSyncedLab } from '../test/support/identity.ts';
import { ascending, percentile } from './bench/percentile.ts';
import { measureS2SRates } from './bench/s2s-rates.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, warm: { type: 'string', default: '50' }, cold: { type: 'string', default: '15' } } });
const seconds = Number(values.seconds);
const warmRuns = Number(values.warm);
const coldRuns = Number(values.cold);

const seed = loadSeed();
const mary = seed.activeDirectory.users.find((user) => user.userPrincipalName === 'mary@contoso.test')!;
const onprem = 'mail.contoso.test';
/** A cold F10 takes every hop; a warm one finds the EWS URL and the EWS app token in the caches (autodiscover-token stands for the skipped Autodiscover). */
const f10Hops: Readonly<Record<'hit' | 'miss', readonly HopId[]>> = {
  miss: ['path-lookup', 'autodiscover-anonymous', 'app-token', 'autodiscover-token', 'ews-token', 'outer-token', 'availability', 'result'],
  hit: ['path-lookup', 'autodiscover-token', 'ews-token', 'outer-token', 'availability', 'result'],
};
/** The hops that may make an HTTP call, in journey order. */
const timedHops: readonly HopId[] = ['autodiscover-anonymous', 'app-token', 'autodiscover-token', 'ews-token', 'availability'];

async function askAs(client: LabHttpClient, mailbox: string): Promise<FreeBusyRun> {
  const run = await askFreeBusy(client, { host: onprem, user: mary.userPrincipalName, password: mary.password, for: [mailbox], day: '2026-03-02' });
  const answer = run.answers[0];
  if (run.status !== 200 || answer?.code !== 'NoError') throw new Error(`Mary about ${mailbox}: HTTP ${run.status}, ${answer?.code ?? 'no answer'} ${answer?.message ?? run.body.slice(0, 300)}`);
  return run;
}

async function askF10(client: LabHttpClient, cache: 'hit' | 'miss'): Promise<FreeBusyRun> {
  const run = await askAs(client, 'joe@contoso.test');
  const names = hopNames(run).join(' ');
  if (names !== f10Hops[cache].join(' ')) throw new Error(`F10 with caches ${cache === 'hit' ? 'warm' : 'cold'} took other hops: ${names}`);
  const caches = run.hops.filter((hop) => hop.cache !== undefined).map((hop) => hop.cache);
  if (caches.some((seen) => seen !== cache)) throw new Error(`F10 expected every cached lookup (app tokens, EWS URL) a cache ${cache}, saw ${caches.join(', ')}`);
  return run;
}

const median = (samples: readonly number[]): number => percentile(ascending(samples), 50);
const latency = (runs: readonly FreeBusyRun[]): string => {
  const sorted = ascending(runs.map((run) => run.ms));
  return `p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms`;
};
const hopMs = (run: FreeBusyRun, hop: HopId): number | undefined => run.hops.find((candidate) => candidate.hop === hop)?.ms;
const callsMs = (run: FreeBusyRun): number => timedHops.reduce((sum, hop) => sum + (hopMs(run, hop) ?? 0), 0);

function hopCell(runs: readonly FreeBusyRun[], hop: HopId): string {
  const times = runs.map((run) => hopMs(run, hop)).filter((ms): ms is number => ms !== undefined);
  return times.length === 0 ? 'cache hit, no call' : `${median(times).toFixed(1)} ms`;
}

const rates = await measureS2SRates(seconds);

const { testLab, env } = await startSyncedLab({ LAB_EDGE_RULES: 'hybrid-minimum' });
const warm: FreeBusyRun[] = [];
const cold: FreeBusyRun[] = [];
const local: FreeBusyRun[] = [];
const restarts: number[] = [];
try {
  for (const args of [['federate', 'contoso.test'], ['hybrid', 'configure']]) {
    const result = await lab([...args, '--as', 'corp'], env);
    if (result.code !== 0) throw new Error(`lab ${args.join(' ')} failed: ${result.stdout}${result.stderr}`);
  }
  const corp = clientOn('corp', testLab.certsDir);
  try {
    await askF10(corp, 'miss');
    for (let run = 0; run < 10; run += 1) await askF10(corp, 'hit');
    for (let run = 0; run < 10; run += 1) await askAs(corp, 'alex@contoso.test');
    for (let run = 0; run < warmRuns; run += 1) warm.push(await askF10(corp, 'hit'));
    for (let run = 0; run < warmRuns; run += 1) local.push(await askAs(corp, 'alex@contoso.test'));
  } finally {
    await corp.close();
  }
  for (let run = 0; run < coldRuns; run += 1) {
    const started = performance.now();
    await testLab.stop('exchange-onprem');
    await testLab.start('exchange-onprem');
    restarts.push(performance.now() - started);
    // A new client too: the restart closed Mary's connection, so say so instead of racing undici for it.
    const fresh = clientOn('corp', testLab.certsDir);
    try {
      cold.push(await askF10(fresh, 'miss'));
    } finally {
      await fresh.close();
    }
  }
} finally {
  await testLab.dispose();
}

const share = (rates.tokensIssued / rates.rsaSignatures) * 100;
console.log(`| measurement (one core, Node ${process.version}) | result |`);
console.log('|---|---|');
console.log(`| raw RSA-2048 SHA-256 signatures, parsed key (${seconds} s) | ${rates.rsaSignatures.toFixed(0)} /s |`);
console.log(`| S2S app tokens issued (tokens/OAuth/2 via inject, full checks, ${seconds} s) | ${rates.tokensIssued.toFixed(0)} /s (${share.toFixed(0)} % of the raw signing rate; target ≥ 50 %) |`);
console.log(`| F10 warm: app tokens and EWS URL cached, connections open (${warm.length} runs) | ${latency(warm)} |`);
console.log(`| F10 cold: exchange-onprem restarted before each, empty caches and new TLS connections (${cold.length} runs; restart ${median(restarts).toFixed(0)} ms, not counted) | ${latency(cold)} |`);
console.log(`| baseline: Mary about alex@contoso.test, answered by exchange-onprem itself (${local.length} runs) | ${latency(local)} |`);
console.log('');
console.log('| F10 hop (exchange-onprem\'s journey, median) | warm | cold |');
console.log('|---|---|---|');
for (const hop of timedHops) console.log(`| ${hop} | ${hopCell(warm, hop)} | ${hopCell(cold, hop)} |`);
console.log(`| sum of the hops' HTTP calls | ${median(warm.map(callsMs)).toFixed(1)} ms | ${median(cold.map(callsMs)).toFixed(1)} ms |`);
console.log(`| the rest: Mary ↔ exchange-onprem, Basic checked at the dc, routing, outer token, rendering | ${median(warm.map((run) => run.ms - callsMs(run))).toFixed(1)} ms | ${median(cold.map((run) => run.ms - callsMs(run))).toFixed(1)} ms |`);
