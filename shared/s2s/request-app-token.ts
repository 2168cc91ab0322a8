import { LabError } from '../errors/lab-error.ts';
import type { LabHttpClient } from '../http/client.ts';
import type { AppToken } from './app-token-cache.ts';
import { tokenEndpointUrl } from './token-request.ts';

/**
 * Sends the app-token request of server-flows §1.3 to the token service and reads its
 * answer: `access_token` and `expires_in` (a string or a number; Azure AD v1 writes
 * strings). A refusal becomes a LabError carrying the service's OAuth error, naming the
 * hop; an answer that is not the expected JSON is a 502.
 */
export async function requestAppToken(http: LabHttpClient, tenantId: string, form: URLSearchParams, options: { readonly from: string; readonly correlationId?: string }): Promise<AppToken> {
  const hop = `${options.from} → accounts.accesscontrol (S2S token request)`;
  const response = await http.request(tokenEndpointUrl(tenantId), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form.toString(), correlationId: options.correlationId });
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(response.body) as Record<string, unknown>;
  } catch (error) {
    throw new LabError({ code: 'S2S_TOKEN_RESPONSE_INVALID', statusCode: 502, hop, message: `the token service answered HTTP ${response.status} with a body that is not JSON`, cause: error });
  }
  if (response.status !== 200) {
    throw new LabError({ code: 'S2S_TOKEN_REFUSED', statusCode: 502, hop, wireCode: typeof body.error === 'string' ? body.error : undefined, message: `the token service refused the app token (HTTP ${response.status}): ${String(body.error_description ?? body.error)}` });
  }
  const expiresIn = Number(body.expires_in);
  if (typeof body.access_token !== 'string' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw new LabError({ code: 'S2S_TOKEN_RESPONSE_INVALID', statusCode: 502, hop, message: 'the token response lacks access_token or a positive expires_in' });
  }
  return { accessToken: body.access_token, expiresInSeconds: expiresIn };
}
