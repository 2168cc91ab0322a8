import { sign } from 'node:crypto';
import { loadKeyPair, prepareKeyPair } from '../../shared/pki/index.ts';
import { buildClientAssertion } from '../../shared/s2s/client-assertion.ts';
import { buildOuterToken } from '../../shared/s2s/outer-token.ts';
import { exchangePrincipal } from '../../shared/s2s/principals.ts';
import { trustedIssuerFromMetadata } from '../../shared/s2s/sts-metadata.ts';
import { buildTokenRequestForm } from '../../shared/s2s/token-request.ts';
import { validateS2SToken } from '../../shared/s2s/validate-s2s-token.ts';
import { startAzureAuth } from '../../services/azure-auth/test/support/azure-auth-app.ts';

/**
 * The S2S token service's rates on one core, measured the same way for `bench:s2s` and
 * `bench:freebusy`, one after the other in the same run so they can be compared:
 * 1. the physical limit: raw RSA-2048 PKCS#1 v1.5 SHA-256 signatures per second with the
 *    STS key already parsed;
 * 2. S2S app-token issuance per second: azure-auth's real `POST /<tenantId>/tokens/OAuth/2`
 *    through fastify's inject, one request at a time. Each request is checked in full: the
 *    assertion is verified with the registered key, the SPN is looked up in SQLite, and the
 *    actor token is signed. The one client assertion is reused (it is valid for 600 s);
 * 3. receiver validations per second (validateS2SToken of an outer token: one RSA verify).
 * Binds no address.
 */
export interface S2SRates {
  readonly rsaSignatures: number;
  readonly tokensIssued: number;
  readonly validations: number;
}

async function rate(seconds: number, work: () => unknown): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let count = 0;
  while (performance.now() < end) {
    await work();
    count++;
  }
  return count / seconds;
}

/** Runs each measurement for `seconds`; the token service's clock is frozen at the start. */
export async function measureS2SRates(seconds: number): Promise<S2SRates> {
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

    const rsaSignatures = await rate(seconds, () => sign('sha256', Buffer.from('bench'), stsKey));
    const tokensIssued = await rate(seconds, issue);
    const validations = await rate(seconds, () => validateS2SToken(outer, { ...policy, now: lab.clock.now() }));
    return { rsaSignatures, tokensIssued, validations };
  } finally {
    await lab.close();
  }
}
