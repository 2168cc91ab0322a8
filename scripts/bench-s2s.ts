/**
 * `npm run bench:s2s [-- --seconds 5]`: a measurement, not a test (issue 5).
 *
 * 1. The physical limit: raw RSA-2048 PKCS#1 v1.5 SHA-256 signatures per second on one
 *    core, with the STS key already parsed.
 * 2. S2S app-token issuance per second: azure-auth's real `POST /<tenantId>/tokens/OAuth/2`
 *    through fastify's inject, one request at a time. Each request is checked in full: the
 *    assertion is verified with the registered key, the SPN is looked up in SQLite, and the
 *    actor token is signed. The one client assertion is reused (it is valid for 600 s).
 * 3. Receiver validations per second (validateS2SToken of an outer token: one RSA verify).
 *
 * Binds no address, so it needs no lock. Prints Markdown.
 */
import { sign } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadKeyPair, prepareKeyPair } from '../shared/pki/index.ts';
import { buildClientAssertion } from '../shared/s2s/client-assertion.ts';
import { buildOuterToken } from '../shared/s2s/outer-token.ts';
import { exchangePrincipal } from '../shared/s2s/principals.ts';
import { trustedIssuerFromMetadata } from '../shared/s2s/sts-metadata.ts';
import { buildTokenRequestForm } from '../shared/s2s/token-request.ts';
import { validateS2SToken } from '../shared/s2s/validate-s2s-token.ts';
import { startAzureAuth } from '../services/azure-auth/test/support/azure-auth-app.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' } } });
const seconds = Number(values.seconds);

async function rate(work: () => unknown): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let count = 0;
  while (performance.now() < end) {
    await work();
    count++;
  }
  return count / seconds;
}

// The clock is frozen at the start; every run is far shorter than the assertion's 600 s.
const lab = await startAzureAuth();
try {
  const host = { host: 'accounts.accesscontrol.windows.test' };
  const stsKey = prepareKeyPair(loadKeyPair(lab.certsDir, 'signing/azure-auth-oauth-signing')).privateKey;
  const signer = loadKeyPair(lab.certsDir, 'signing/exchange-online-auth');
  const assertion = await buildClientAssertion({ appId: exchangePrincipal, tenantId: lab.tenantId, signer, now: lab.clock.now() });
  const payload = buildTokenRequestForm({ appId: exchangePrincipal, tenantId: lab.tenantId, clientAssertion: assertion, targetPrincipal: exchangePrincipal, targetHost: 'outlook.office365.test' }).toString();
  const issue = async (): Promise<string> => {
    const response = await lab.app.inject({ method: 'POST', url: `/${lab.tenantId}/tokens/OAuth/2`, payload, headers: { ...host, 'content-type': 'application/x-www-form-urlencoded' } });
    if (response.statusCode !== 200) throw new Error(`token service refused: ${response.body}`);
    return (response.json() as { access_token: string }).access_token;
  };
  const actor = await issue();
  const metadata = (await lab.app.inject({ method: 'GET', url: `/${lab.tenantId}/metadata/json/1`, headers: host })).json();
  const policy = { trustedIssuers: [trustedIssuerFromMetadata(metadata, lab.tenantId)], trustedPrincipals: [exchangePrincipal], hostnames: ['outlook.office365.test'], realm: lab.tenantId, hop: 'bench' };
  const outer = buildOuterToken({ appId: exchangePrincipal, realm: lab.tenantId, targetPrincipal: exchangePrincipal, targetHost: 'outlook.office365.test', smtp: 'mary@contoso.test', actorToken: actor, now: lab.clock.now() });

  const rsa = await rate(() => sign('sha256', Buffer.from('bench'), stsKey));
  const issued = await rate(issue);
  const validated = await rate(() => validateS2SToken(outer, { ...policy, now: lab.clock.now() }));
  console.log(`| measurement (one core, ${seconds} s each) | per second |\n|---|---|`);
  console.log(`| raw RSA-2048 SHA-256 signatures (parsed key) | ${Math.round(rsa)} |`);
  console.log(`| S2S app tokens issued (tokens/OAuth/2 via inject, full checks) | ${Math.round(issued)} |`);
  console.log(`| outer + actor tokens validated by a receiver | ${Math.round(validated)} |`);
} finally {
  await lab.close();
}
