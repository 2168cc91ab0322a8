import { LabError } from '../errors/lab-error.ts';
import type { LabHttpClient, LabResponse } from '../http/client.ts';
import { extractAssertionFromRstr } from '../saml/verify.ts';
import { buildRst, type WsTrustVersion } from '../ws-trust/rst.ts';
import { parseXml } from '../xml/safe-parse.ts';
import { loginOrigin, passwordGrant, type TokenSet } from './password-grant.ts';

/**
 * A username/password sign-in as ADAL's acquireTokenWithUsernamePassword does it
 * (flow F7; client-flows §1.6–1.7, §2.1, §2.3): home-realm discovery; for a managed
 * domain the password grant; for a federated one, MEX to find the WS-Trust endpoint
 * (1.3 preferred, https only, the realm's active URL when MEX fails), the RST with the
 * user's credentials to AD FS, and the SAML assertion traded at the token endpoint.
 */
export interface RichClientRequest {
  readonly tenantId: string;
  readonly clientId: string;
  readonly resource: string;
  readonly username: string;
  readonly password: string;
  readonly from: string;
}

export interface RichClientResult extends TokenSet {
  /** The hops taken, for people and tests: realm, mex, ws-trust, grant. */
  readonly path: readonly string[];
}

const samlBearer = 'urn:ietf:params:oauth:grant-type:saml1_1-bearer';

function json(response: LabResponse, what: string, hop: string): Record<string, unknown> {
  try {
    const value = JSON.parse(response.body) as unknown;
    if (response.status === 200 && value && typeof value === 'object') return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new LabError({ code: 'BAD_RESPONSE', statusCode: 502, expose: true, message: `${what} answered HTTP ${response.status}`, hop });
}

/** The usernamemixed endpoints of a MEX document, 1.3 first (ADAL lib/mex.js prefers it). */
export function usernameMixedEndpoints(wsdl: string): { url: string; version: WsTrustVersion }[] {
  const document = parseXml(wsdl, { maxBytes: 1024 * 1024 });
  const addresses = Array.from(document.getElementsByTagNameNS('http://schemas.xmlsoap.org/wsdl/soap12/', 'address')).map((element) => element.getAttribute('location') ?? '');
  const endpoints = addresses
    .filter((url) => url.startsWith('https://') && /\/usernamemixed$/.test(url))
    .map((url) => ({ url, version: (url.includes('/13/') ? '13' : '2005') as WsTrustVersion }));
  return endpoints.sort((a, b) => (a.version === b.version ? 0 : a.version === '13' ? -1 : 1));
}

async function wsTrustEndpoint(http: LabHttpClient, realm: Record<string, unknown>, hop: string): Promise<{ url: string; version: WsTrustVersion }> {
  const mex = typeof realm.federation_metadata_url === 'string' ? realm.federation_metadata_url : undefined;
  if (mex) {
    try {
      const response = await http.request(mex);
      const found = response.status === 200 ? usernameMixedEndpoints(response.body)[0] : undefined;
      if (found) return found;
    } catch {
      // ADAL falls back to the realm's active URL when MEX fails.
    }
  }
  const active = typeof realm.federation_active_auth_url === 'string' ? realm.federation_active_auth_url : '';
  if (!active.startsWith('https://')) throw new LabError({ code: 'NO_WS_TRUST_ENDPOINT', statusCode: 502, expose: true, message: 'the realm names no https WS-Trust endpoint and MEX offered none', hop });
  return { url: active, version: active.includes('/13/') ? '13' : '2005' };
}

const soap12 = 'http://www.w3.org/2003/05/soap-envelope';

/** A SOAP 1.2 fault's innermost subcode and reason, or the HTTP status when the body is no fault. */
function faultOf(response: LabResponse): string {
  try {
    const document = parseXml(response.body);
    const values = Array.from(document.getElementsByTagNameNS(soap12, 'Value')).map((element) => element.textContent?.trim() ?? '');
    const reason = document.getElementsByTagNameNS(soap12, 'Text')[0]?.textContent?.trim();
    if (reason) return `${values.at(-1) ?? 'fault'}: ${reason}`;
  } catch {
    // not XML: say what came back instead
  }
  return `HTTP ${response.status} without a SOAP fault`;
}

export async function acquireTokenWithUsernamePassword(http: LabHttpClient, request: RichClientRequest): Promise<RichClientResult> {
  const hop = `${request.from} → realm discovery`;
  const realm = json(await http.request(`${loginOrigin}/common/UserRealm/${encodeURIComponent(request.username)}?api-version=1.0`), 'UserRealm', hop);
  if (realm.account_type === 'Managed') return { ...(await passwordGrant(http, request)), path: ['realm: Managed', 'password grant'] };
  if (realm.account_type !== 'Federated') throw new LabError({ code: 'UNKNOWN_REALM', statusCode: 400, expose: true, message: `${request.username} is in no domain of this tenant`, hop });
  const endpoint = await wsTrustEndpoint(http, realm, `${request.from} → MEX`);
  const stsHop = `${request.from} → ${new URL(endpoint.url).host} (WS-Trust ${endpoint.version})`;
  const rst = buildRst({ version: endpoint.version, username: request.username, password: request.password, to: endpoint.url, appliesTo: String(realm.cloud_audience_urn ?? 'urn:federation:MicrosoftOnline') });
  const response = await http.request(endpoint.url, { method: 'POST', headers: { 'content-type': 'application/soap+xml; charset=utf-8' }, body: rst });
  if (response.status !== 200) throw new LabError({ code: 'WS_TRUST_FAULT', statusCode: 401, expose: true, message: `AD FS refused the request: ${faultOf(response)}`, hop: stsHop });
  const assertion = extractAssertionFromRstr(response.body);
  const grant = await http.request(`${loginOrigin}/${request.tenantId}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: samlBearer, assertion: Buffer.from(assertion).toString('base64'), client_id: request.clientId, resource: request.resource, scope: 'openid' }).toString(),
  });
  const body = JSON.parse(grant.body) as Record<string, unknown>;
  if (grant.status !== 200 || typeof body.access_token !== 'string') {
    throw new LabError({ code: 'TOKEN_REFUSED', statusCode: 401, expose: true, message: `azure-auth refused the SAML assertion: ${String(body.error_description ?? grant.status)}`, hop: `${request.from} → login.microsoftonline.test (SAML bearer grant)` });
  }
  return { accessToken: body.access_token, expiresIn: Number(body.expires_in ?? 3600), path: ['realm: Federated', `mex → ${endpoint.url}`, `ws-trust ${endpoint.version}: SAML 1.1 assertion`, 'saml1_1-bearer grant'] };
}
