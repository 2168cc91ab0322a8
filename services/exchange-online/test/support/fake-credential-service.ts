import { randomUUID } from 'node:crypto';
import { Agent } from 'undici';
import type { LabError } from '../../../../shared/errors/lab-error.ts';
import type { LabHttpClient, LabRequest, LabResponse } from '../../../../shared/http/client.ts';
import { signJwt } from '../../../../shared/jwt/sign.ts';
import type { KeyPair } from '../../../../shared/pki/index.ts';
import { issueSaml11Assertion, wrapInRstr2005 } from '../../../../shared/saml/assertion-1-1.ts';
import { authenticationMethods } from '../../../../shared/saml/namespaces.ts';
import { createReplayCache, verifySaml11Assertion } from '../../../../shared/saml/verify.ts';
import { parseXml } from '../../../../shared/xml/safe-parse.ts';
import type { ClientAccessSettings } from '../../src/config.ts';
import type { FakeAzureAuth } from './fake-azure-auth.ts';

/**
 * The credential service's far ends as exchange-online's LabHttpClient sees them, in
 * memory: azure-auth's GetUserRealm.srf and token endpoint (password and saml1_1-bearer
 * grants, the latter checked by the real SAML verifier against the AD FS key) and an AD FS
 * usernamemixed endpoint issuing real signed assertions and AD FS's faults. Discovery and
 * the JWKS come from the OWA fake. Tests break one hop at a time.
 */
export interface DirectoryUser {
  readonly upn: string;
  readonly password: string;
  readonly name: string;
  readonly oid: string;
  readonly immutableId?: string;
  /** How the dc sees the account (federated users) or the cloud (managed users). */
  readonly state?: 'ok' | 'expired' | 'disabled';
}

export interface Call {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface FakeCredentialService extends LabHttpClient {
  readonly calls: Call[];
  /** Domain → realm. */
  readonly realms: Map<string, { type: 'Managed' | 'Federated'; stsUrl?: string }>;
  /** Throws this for every STS call (AD FS unreachable, a timeout). */
  stsFailure: LabError | undefined;
  /** Answers the STS with this instead. */
  stsResponse: ((rst: string) => LabResponse) | undefined;
  /** Edits the assertion after AD FS signed it: a man in the middle. */
  tamper: ((assertion: string) => string) | undefined;
  /** Throws this for every azure-auth call. */
  azureAuthFailure: LabError | undefined;
  callsTo(fragment: string): Call[];
}

export const stsUrl = 'https://fs.contoso.test/adfs/services/trust/2005/usernamemixed';
export const adfsIssuer = 'http://fs.contoso.test/adfs/services/trust';

export const directory: readonly DirectoryUser[] = [
  { upn: 'joe@contoso.test', password: 'Joe!Lab2026', name: 'Joe Bloggs', oid: '3d0e6a51-7f41-4c7e-9a55-1f2d3c4b5a61', immutableId: 'am9lLWltbXV0YWJsZQ==' },
  { upn: 'mary@contoso.test', password: 'Mary!Lab2026', name: 'Mary Smith', oid: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d', immutableId: 'bWFyeS1pbW11dGFibGU=' },
  { upn: 'pat@contoso.test', password: 'Pat!Lab2026', name: 'Pat Expired', oid: '6b5c4d3e-2f10-4b0c-9d8e-7f6a5b4c3d2e', immutableId: 'cGF0LWltbXV0YWJsZQ==', state: 'expired' },
  { upn: 'eve@contoso.test', password: 'Eve!Lab2026', name: 'Eve Disabled', oid: '7c6d5e4f-3a21-4c1d-8e9f-8a7b6c5d4e3f', immutableId: 'ZXZlLWltbXV0YWJsZQ==', state: 'disabled' },
  { upn: 'ann@contoso.onmicrosoft.test', password: 'Ann!Lab2026', name: 'Ann Cloud', oid: '8b1f2e3d-4c5b-4a69-8d7e-6f5a4b3c2d1e' },
  { upn: 'sam@litware.test', password: 'Sam!Lab2026', name: 'Sam Lee', oid: '9c2a3f4e-5d6c-4b7a-9e8f-7a6b5c4d3e2f' },
  { upn: 'lee@litware.test', password: 'Lee!Lab2026', name: 'Lee Expired', oid: 'ad3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d', state: 'expired' },
];

const soap12 = 'http://www.w3.org/2003/05/soap-envelope';
const wsse = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';

function response(status: number, body: string, contentType: string, headers: Record<string, string> = {}): LabResponse {
  return { status, headers: { 'content-type': contentType, ...headers }, body, correlationId: randomUUID() };
}

/** AD FS's fault, as services/adfs renders it (client-flows §1.6). */
export function adfsFault(subcode: string, reason: string): LabResponse {
  const body =
    `<s:Envelope xmlns:s="${soap12}" xmlns:a="http://www.w3.org/2005/08/addressing"><s:Body><s:Fault><s:Code><s:Value>s:Sender</s:Value>` +
    `<s:Subcode><s:Value xmlns:a="http://docs.oasis-open.org/ws-sx/ws-trust/200512">${subcode}</s:Value></s:Subcode></s:Code>` +
    `<s:Reason><s:Text xml:lang="en-US">${reason}</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>`;
  return response(500, body, 'application/soap+xml; charset=utf-8');
}

export function rstrEnvelope(rstr: string): string {
  return `<s:Envelope xmlns:s="${soap12}"><s:Header/><s:Body>${rstr}</s:Body></s:Envelope>`;
}

export function createFakeCredentialService(azure: FakeAzureAuth, settings: ClientAccessSettings, adfsKey: KeyPair, now: () => Date): FakeCredentialService {
  const replayCache = createReplayCache({ now });
  const dispatcher = new Agent();
  const json = (status: number, body: unknown): LabResponse => response(status, JSON.stringify(body), 'application/json');
  const refused = (code: string, message: string): LabResponse => json(400, { error: 'invalid_grant', error_description: `${code}: ${message}` });
  const accessToken = (user: DirectoryUser): Promise<string> =>
    signJwt({ aud: settings.appId, iss: settings.issuer, tid: settings.tenantId, oid: user.oid, upn: user.upn, name: user.name, ver: '1.0' }, azure.published[0]!, { lifetimeSeconds: 3600, now: now() });

  function sts(rst: string): LabResponse {
    const document = parseXml(rst);
    const username = document.getElementsByTagNameNS(wsse, 'Username')[0]?.textContent ?? '';
    const password = document.getElementsByTagNameNS(wsse, 'Password')[0]?.textContent ?? '';
    const user = directory.find((candidate) => candidate.upn === username.toLowerCase() && candidate.immutableId);
    if (!user || user.password !== password || user.state === 'disabled') return adfsFault('a:FailedAuthentication', 'MSIS3127: The specified request failed.');
    if (user.state === 'expired') return adfsFault('a:FailedAuthentication.ExpiredPassword', "MSIS3127: The specified request failed. The user's password has expired; change it at https://fs.contoso.test/adfs/portal/updatepassword/");
    const assertion = issueSaml11Assertion({ immutableId: user.immutableId!, upn: user.upn, authenticationMethod: authenticationMethods.password, insideCorporateNetwork: false }, adfsKey, { issuer: adfsIssuer, audience: 'urn:federation:MicrosoftOnline', now: now() });
    const rstr = wrapInRstr2005(assertion, { created: now(), expires: new Date(now().getTime() + 3600_000), audience: 'urn:federation:MicrosoftOnline' });
    if (!fake.tamper) return response(200, rstrEnvelope(rstr), 'application/soap+xml; charset=utf-8');
    // The man in the middle swaps the assertion as text; a DOCTYPE it adds can only stand at the front.
    const delivered = fake.tamper(assertion);
    const doctype = /^<!DOCTYPE[^[>]*(\[[\s\S]*?\])?>/.exec(delivered)?.[0] ?? '';
    return response(200, doctype + rstrEnvelope(rstr.replace(assertion, () => delivered.slice(doctype.length))), 'application/soap+xml; charset=utf-8');
  }

  async function samlGrant(form: URLSearchParams): Promise<LabResponse> {
    const assertion = Buffer.from(form.get('assertion') ?? '', 'base64').toString('utf8');
    try {
      const verified = verifySaml11Assertion(assertion, { trustedCertificates: [adfsKey.certPem], issuer: adfsIssuer, audience: 'urn:federation:MicrosoftOnline', now: now(), replayCache });
      const user = directory.find((candidate) => candidate.immutableId === verified.nameIdentifier);
      if (!user) return refused('AADSTS50034', `No user with ImmutableID ${verified.nameIdentifier} exists in this tenant`);
      return json(200, { token_type: 'Bearer', access_token: await accessToken(user) });
    } catch (error) {
      return refused((error as LabError).code ?? 'AADSTS50107', (error as Error).message);
    }
  }

  async function passwordGrant(form: URLSearchParams): Promise<LabResponse> {
    const user = directory.find((candidate) => candidate.upn === (form.get('username') ?? '').toLowerCase() && !candidate.immutableId);
    if (!user || user.password !== form.get('password')) return refused('AADSTS50126', 'Error validating credentials due to invalid username or password.');
    if (user.state === 'expired') return refused('AADSTS50055', 'The password is expired.');
    return json(200, { token_type: 'Bearer', access_token: await accessToken(user) });
  }

  function realm(form: URLSearchParams): LabResponse {
    const login = form.get('login') ?? '';
    const found = fake.realms.get(login.split('@')[1]?.toLowerCase() ?? '');
    const sts = found?.stsUrl ? `<STSAuthURL>${found.stsUrl}</STSAuthURL>` : '';
    return response(200, `<?xml version="1.0" encoding="utf-8"?><RealmInfo Success="true"><State>${found?.type === 'Federated' ? 3 : 4}</State><Login>${login}</Login><NameSpaceType>${found?.type ?? 'Unknown'}</NameSpaceType>${sts}</RealmInfo>`, 'text/xml; charset=utf-8');
  }

  const fake: FakeCredentialService = {
    calls: [],
    realms: new Map([
      ['contoso.test', { type: 'Federated', stsUrl }],
      ['contoso.onmicrosoft.test', { type: 'Managed' }],
      ['litware.test', { type: 'Managed' }],
    ]),
    stsFailure: undefined,
    stsResponse: undefined,
    tamper: undefined,
    azureAuthFailure: undefined,
    callsTo: (fragment) => fake.calls.filter((call) => call.url.includes(fragment)),
    async request(url: string, init: LabRequest = {}) {
      const method = init.method ?? 'GET';
      const body = String(init.body ?? '');
      fake.calls.push({ url, method, headers: { ...init.headers }, body });
      const host = new URL(url).hostname;
      if (host === 'fs.contoso.test' || url.startsWith('http:')) {
        if (fake.stsFailure) throw fake.stsFailure;
        return fake.stsResponse ? fake.stsResponse(body) : sts(body);
      }
      if (fake.azureAuthFailure) throw fake.azureAuthFailure;
      const form = new URLSearchParams(body);
      if (url === settings.realmUrl && method === 'POST') return realm(form);
      if (url === settings.tokenEndpoint && form.get('grant_type') === 'password') return passwordGrant(form);
      if (url === settings.tokenEndpoint && form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:saml1_1-bearer') return samlGrant(form);
      return azure.request(url, init);
    },
    dispatcher,
    close: () => dispatcher.close(),
  };
  return fake;
}
