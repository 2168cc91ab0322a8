/**
 * `npm run bench:federation [-- --seconds 5] [--f4 40]`: a measurement, not a test (issue 4).
 *
 * 1. The physical limit: raw RSA-2048 PKCS#1 v1.5 SHA-256 signatures per second on one
 *    core, with AD FS's own token-signing key already parsed (a KeyObject); for contrast
 *    also the rate when the PEM is parsed for each signature.
 * 2. usernamemixed token issuance per second on one core: AD FS's real route (parse and
 *    check the RST, check the password, build and sign the SAML 1.1 assertion, wrap it in
 *    the RSTR) driven through fastify's inject, one request at a time, with the password
 *    checked against an in-process copy of the seed directory — so the figure is AD FS's
 *    work, not the dc's LDAP round trip.
 * 3. The same through the local lab over real TLS, with the password checked by an LDAPS
 *    bind at the dc (every service in one process, so still one core).
 * 4. F4 end-to-end latency, p50/p95, without a browser: OWA → azure-auth → AD FS forms
 *    (through edge and WAP) → /login.srf → OWA, as plain HTTP (test/support/passive-federation.ts).
 *
 * Starts the local lab, so it takes the integration-test lock: nothing else may bind
 * the lab's addresses meanwhile. Prints Markdown for the README.
 */
import { createPrivateKey, sign } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startAdfs } from '../services/adfs/test/support/adfs-app.ts';
import { buildRst, endpointOf } from '../shared/ws-trust/rst.ts';
import { clientOn } from '../test/support/in-process-lab.ts';
import { lab, startSyncedLab } from '../test/support/identity.ts';
import { passiveFederatedSignIn } from '../test/support/passive-federation.ts';
import { percentile } from './bench/percentile.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, f4: { type: 'string', default: '40' } } });
const seconds = Number(values.seconds);
const f4Runs = Number(values.f4);

async function perSecond(work: () => unknown | Promise<unknown>): Promise<number> {
  for (let warm = 0; warm < 20; warm += 1) await work();
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    await work();
    count += 1;
  }
  return count / ((performance.now() - started) / 1000);
}

async function inProcessIssuance(): Promise<{ signatures: number; fromPem: number; issuance: number }> {
  const adfs = await startAdfs();
  try {
    const data = Buffer.alloc(512, 7);
    const key = createPrivateKey(adfs.tokenSigning.keyPem);
    const signatures = await perSecond(() => sign('sha256', data, key));
    const fromPem = await perSecond(() => sign('sha256', data, adfs.tokenSigning.keyPem));
    const url = endpointOf('13');
    const issuance = await perSecond(async () => {
      const response = await adfs.app.inject({ method: 'POST', url, headers: { host: 'fs.contoso.test', 'content-type': 'application/soap+xml; charset=utf-8' }, payload: buildRst({ version: '13', username: 'mary@contoso.test', password: 'Mary!Lab2026', created: adfs.clock.now() }) });
      if (response.statusCode !== 200) throw new Error(`usernamemixed answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
    });
    return { signatures, fromPem, issuance };
  } finally {
    await adfs.close();
  }
}

async function throughLocalLab(): Promise<{ issuance: number; f4: number[] }> {
  const { testLab, env } = await startSyncedLab();
  try {
    const federated = await lab(['federate', 'contoso.test', '--as', 'corp'], env);
    if (federated.code !== 0) throw new Error(`lab federate failed: ${federated.stderr}`);
    const corp = clientOn('corp', testLab.certsDir);
    const internet = clientOn('internet', testLab.certsDir);
    try {
      const endpoint = `https://fs.contoso.test${endpointOf('13')}`;
      const issuance = await perSecond(async () => {
        const response = await corp.request(endpoint, { method: 'POST', headers: { 'content-type': 'application/soap+xml; charset=utf-8' }, body: buildRst({ version: '13', username: 'mary@contoso.test', password: 'Mary!Lab2026', to: endpoint }) });
        if (response.status !== 200) throw new Error(`usernamemixed answered ${response.status}: ${response.body.slice(0, 300)}`);
      });
      await passiveFederatedSignIn(internet, 'joe@contoso.test', 'Joe!Lab2026');
      const f4: number[] = [];
      for (let run = 0; run < f4Runs; run += 1) {
        const started = performance.now();
        const journey = await passiveFederatedSignIn(internet, 'joe@contoso.test', 'Joe!Lab2026');
        if (journey.mailboxPage.status !== 200) throw new Error(`F4 ended with HTTP ${journey.mailboxPage.status}`);
        f4.push(performance.now() - started);
      }
      return { issuance, f4: f4.sort((a, b) => a - b) };
    } finally {
      await Promise.all([corp.close(), internet.close()]);
    }
  } finally {
    await testLab.dispose();
  }
}

const inProcess = await inProcessIssuance();
const local = await throughLocalLab();
const share = (inProcess.issuance / inProcess.signatures) * 100;
console.log(`| measurement (one core, Node ${process.version}) | result |`);
console.log('|---|---|');
console.log(`| raw RSA-2048 SHA-256 signatures, parsed key | ${inProcess.signatures.toFixed(0)} /s |`);
console.log(`| the same, parsing the PEM key each time | ${inProcess.fromPem.toFixed(0)} /s |`);
console.log(`| usernamemixed (WS-Trust 1.3) issuance, AD FS alone | ${inProcess.issuance.toFixed(0)} /s (${share.toFixed(0)} % of the raw signing rate; target ≥ 40 %) |`);
console.log(`| usernamemixed issuance over TLS, password checked by LDAPS bind at the dc | ${local.issuance.toFixed(0)} /s |`);
console.log(`| F4 end to end without a browser (${f4Runs} runs) | p50 ${percentile(local.f4, 50).toFixed(0)} ms, p95 ${percentile(local.f4, 95).toFixed(0)} ms |`);
