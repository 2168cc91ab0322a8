import { X509Certificate } from 'node:crypto';
import type { LabHttpClient } from '../../shared/http/client.ts';
import { acquireTokenWithUsernamePassword } from '../../shared/oauth/rich-client.ts';
import { DSIG_NS } from '../../shared/saml/namespaces.ts';
import { createReplayCache, extractAssertionFromRstr, verifySaml11Assertion } from '../../shared/saml/verify.ts';
import { buildRst } from '../../shared/ws-trust/rst.ts';
import { elementsNamed } from '../../shared/xml/dom.ts';
import { parseXml } from '../../shared/xml/safe-parse.ts';

/**
 * Sign-ins run one after another until stopped, recording every outcome: the rollover
 * test's witness that no sign-in failed while the certificates changed hands.
 */
export interface SignInRecord {
  readonly ok: boolean;
  readonly at: number;
  /** Thumbprint of the certificate whose key verified the assertion (the WS-Trust loop only). */
  readonly signer?: string;
  readonly error?: string;
}

export interface SignInLoop {
  readonly records: SignInRecord[];
  /** Resolves once `count` more sign-ins have finished. */
  further(count: number): Promise<void>;
  stop(): Promise<void>;
}

function startLoop(attempt: () => Promise<Omit<SignInRecord, 'at' | 'ok'>>): SignInLoop {
  const records: SignInRecord[] = [];
  let stopped = false;
  const running = (async () => {
    while (!stopped) {
      try {
        records.push({ ok: true, at: Date.now(), ...(await attempt()) });
      } catch (error) {
        records.push({ ok: false, at: Date.now(), error: error instanceof Error ? error.message : String(error) });
      }
    }
  })();
  return {
    records,
    async further(count) {
      const target = records.length + count;
      const deadline = Date.now() + 60_000;
      while (records.length < target && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      if (records.length < target) throw new Error(`the sign-in loop made only ${records.length} of ${target} sign-ins in 60 s`);
    },
    async stop() {
      stopped = true;
      await running;
    },
  };
}

/** `lab token`'s path: realm discovery, MEX, WS-Trust 1.3 at AD FS, the SAML bearer grant (shared/oauth/rich-client.ts). */
export function richClientLoop(http: LabHttpClient, request: { tenantId: string; username: string; password: string }): SignInLoop {
  return startLoop(async () => {
    await acquireTokenWithUsernamePassword(http, { ...request, clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', resource: '00000002-0000-0ff1-ce00-000000000000', from: 'rollover test' });
    return {};
  });
}

const issuer = 'http://fs.contoso.test/adfs/services/trust';
const audience = 'urn:federation:MicrosoftOnline';
const thumbprintOf = (pem: string): string => new X509Certificate(pem).fingerprint.replaceAll(':', '');

/**
 * The same trade done by hand, so the assertion can be looked at: which certificate's key
 * verifies it (the one KeyInfo names, checked by verifySaml11Assertion, never just read).
 */
function signerOf(assertion: string): string {
  const offered = elementsNamed(parseXml(assertion), DSIG_NS, 'X509Certificate')[0]?.textContent?.replace(/\s+/g, '') ?? '';
  const pem = new X509Certificate(Buffer.from(offered, 'base64')).toString();
  verifySaml11Assertion(assertion, { trustedCertificates: [pem], issuer, audience, now: new Date(), replayCache: createReplayCache() });
  return thumbprintOf(pem);
}

export function wsTrustLoop(http: LabHttpClient, request: { tenantId: string; username: string; password: string }): SignInLoop {
  const endpoint = 'https://fs.contoso.test/adfs/services/trust/13/usernamemixed';
  return startLoop(async () => {
    const rstr = await http.request(endpoint, { method: 'POST', headers: { 'content-type': 'application/soap+xml; charset=utf-8' }, body: buildRst({ version: '13', username: request.username, password: request.password, to: endpoint }) });
    if (rstr.status !== 200) throw new Error(`AD FS answered HTTP ${rstr.status}`);
    const assertion = extractAssertionFromRstr(rstr.body);
    const signer = signerOf(assertion);
    const grant = await http.request(`https://login.microsoftonline.test/${request.tenantId}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:saml1_1-bearer', assertion: Buffer.from(assertion).toString('base64'), client_id: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', resource: '00000002-0000-0ff1-ce00-000000000000' }).toString(),
    });
    const body = JSON.parse(grant.body) as { access_token?: string; error_description?: string };
    if (grant.status !== 200 || !body.access_token) throw new Error(`azure-auth refused the assertion signed by ${signer}: ${body.error_description ?? grant.status}`);
    return { signer };
  });
}
