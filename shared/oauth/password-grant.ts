import { LabError } from '../errors/lab-error.ts';
import type { LabHttpClient } from '../http/client.ts';

/**
 * The resource-owner password grant (RFC 6749 §4.3) at azure-auth's token endpoint,
 * as ROPC clients, the sync engine and the lab CLI use it. A refusal is a LabError
 * carrying azure-auth's own `error` and `error_description` (AADSTS code included).
 */
export const loginOrigin = 'https://login.microsoftonline.test';
/** A public client id for the CLI: Azure CLI's well-known one. */
export const cliClientId = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

export interface PasswordGrant {
  readonly tenantId: string;
  readonly clientId: string;
  readonly resource: string;
  readonly username: string;
  readonly password: string;
  readonly correlationId?: string;
  /** Who is asking, for the hop in errors (e.g. `dirsync`). */
  readonly from: string;
}

export interface TokenSet {
  readonly accessToken: string;
  readonly expiresIn: number;
  readonly idToken?: string;
}

export async function passwordGrant(http: LabHttpClient, grant: PasswordGrant): Promise<TokenSet> {
  const response = await http.request(`${loginOrigin}/${grant.tenantId}/oauth2/token`, {
    method: 'POST',
    correlationId: grant.correlationId,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'password', client_id: grant.clientId, resource: grant.resource, username: grant.username, password: grant.password }).toString(),
  });
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(response.body) as Record<string, unknown>;
  } catch {
    // not JSON: reported below with the status
  }
  if (response.status === 200 && typeof body.access_token === 'string') {
    return { accessToken: body.access_token, expiresIn: Number(body.expires_in ?? 3600), idToken: typeof body.id_token === 'string' ? body.id_token : undefined };
  }
  const reason = typeof body.error_description === 'string' ? body.error_description : `HTTP ${response.status}`;
  throw new LabError({
    code: 'TOKEN_REFUSED',
    statusCode: response.status >= 500 ? 502 : 401,
    expose: true,
    wireCode: typeof body.error === 'string' ? body.error : undefined,
    message: `azure-auth refused a token for ${grant.username}: ${reason}`,
    hop: `${grant.from} → login.microsoftonline.test`,
  });
}
