import type { LabHttpClient, LabResponse } from '../../../../../shared/http/client.ts';
import type { ClientAccessSettings } from '../../config.ts';
import { credentialFailure, type FailureKind } from './credential-failure.ts';
import { callUpstream } from './upstream-call.ts';

/**
 * Step 4 of the Basic-auth proxy (client-flows §2.4) and the managed path: azure-auth
 * issues Exchange Online a token for the user.
 *
 * - Federated: the AD FS assertion goes to the tenant's token endpoint as the
 *   `saml1_1-bearer` grant (client-flows §2.3), client_id and resource Exchange Online.
 *   This is the lab's stand-in for `/RST2.srf` (a `ps:RequestMultipleSecurityTokens`
 *   with the assertion in `wsse:Security`): the same trust decision, made by the same
 *   verifier azure-auth uses for every assertion (signature by the domain's signing
 *   certificate, issuer, audience, lifetime, one use, ImmutableID of that domain).
 * - Managed (cloud and password-hash-synced users): the password grant, which checks
 *   the password against the cloud's own hash.
 *
 * azure-auth's AADSTS code decides the answer to the client.
 */
const grantHop = (grant: string): string => `exchange-online → login.microsoftonline.test (${grant} grant)`;

const kindOfAadsts: Readonly<Record<string, FailureKind>> = {
  AADSTS50126: 'bad-credentials',
  AADSTS50053: 'bad-credentials',
  AADSTS50055: 'expired-password',
  AADSTS50057: 'denied',
  AADSTS50034: 'not-found',
};

function body(response: LabResponse): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(response.body);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

interface GrantCall {
  readonly grant: 'saml1_1-bearer' | 'password';
  readonly form: Record<string, string>;
  readonly correlationId: string;
  /** What an unlisted refusal means: the IdP's assertion refused, or the credentials. */
  readonly otherwise: FailureKind;
  readonly federated: boolean;
  readonly stsUrl?: string;
}

async function requestToken(http: LabHttpClient, settings: ClientAccessSettings, call: GrantCall): Promise<string> {
  const hop = grantHop(call.grant);
  const response = await callUpstream({
    http,
    url: settings.tokenEndpoint,
    init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: new URLSearchParams({ ...call.form, client_id: settings.appId, resource: settings.appId }).toString(), correlationId: call.correlationId, timeoutMs: settings.upstreamTimeoutMs },
    hop,
    whenUnreachable: 'unavailable',
    retryAfterSeconds: settings.retryAfterSeconds,
    federated: call.federated,
    stsUrl: call.stsUrl,
  });
  const json = body(response);
  if (response.status === 200 && typeof json.access_token === 'string') return json.access_token;
  const description = typeof json.error_description === 'string' ? json.error_description : `HTTP ${response.status} without an OAuth error`;
  const aadsts = /^(AADSTS\d+)/.exec(description)?.[1];
  const kind: FailureKind = response.status >= 500 ? 'unavailable' : ((aadsts ? kindOfAadsts[aadsts] : undefined) ?? call.otherwise);
  throw credentialFailure({
    kind,
    code: call.grant === 'password' ? 'BASIC_CLOUD_REFUSED' : 'BASIC_ASSERTION_REFUSED',
    message: `azure-auth refused the ${call.grant} grant: ${String(json.error ?? 'error')}: ${description.slice(0, 300)}`,
    hop,
    federated: call.federated,
    stsUrl: call.stsUrl,
    retryAfterSeconds: settings.retryAfterSeconds,
  });
}

export function redeemAssertion(http: LabHttpClient, settings: ClientAccessSettings, assertion: string, stsUrl: string, correlationId: string): Promise<string> {
  const form = { grant_type: 'urn:ietf:params:oauth:grant-type:saml1_1-bearer', assertion: Buffer.from(assertion, 'utf8').toString('base64') };
  return requestToken(http, settings, { grant: 'saml1_1-bearer', form, correlationId, otherwise: 'idp-failure', federated: true, stsUrl });
}

export function passwordToken(http: LabHttpClient, settings: ClientAccessSettings, userName: string, password: string, correlationId: string): Promise<string> {
  const form = { grant_type: 'password', username: userName, password };
  return requestToken(http, settings, { grant: 'password', form, correlationId, otherwise: 'bad-credentials', federated: false });
}
