import type { JWK } from 'jose';
import { LabError } from '../errors/lab-error.ts';
import type { LabHttpClient } from '../http/client.ts';

/**
 * The signing keys an issuer publishes, found by OpenID discovery (OIDC Discovery §4:
 * the configuration document's `jwks_uri`), fetched through the lab client. Only RSA
 * keys with a `kid` are kept: verifiers pick keys by kid, never from the token.
 */
function json(body: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function fetchJson(http: LabHttpClient, url: string, what: string, hop: string): Promise<Record<string, unknown>> {
  let response;
  try {
    response = await http.request(url, { headers: { accept: 'application/json' } });
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    throw new LabError({ code: error.code, statusCode: 502, expose: true, message: error.message, hop, cause: error });
  }
  const body = json(response.body);
  if (response.status !== 200 || !body) {
    throw new LabError({ code: 'ISSUER_BAD_RESPONSE', statusCode: 502, expose: true, message: `the issuer answered ${what} with HTTP ${response.status} and no usable JSON`, hop });
  }
  return body;
}

export async function fetchPublishedKeys(http: LabHttpClient, discoveryUrl: string, hop: string): Promise<JWK[]> {
  const discovery = await fetchJson(http, discoveryUrl, 'OpenID discovery', hop);
  const jwksUri = discovery.jwks_uri;
  if (typeof jwksUri !== 'string' || !jwksUri.startsWith('https://')) {
    throw new LabError({ code: 'ISSUER_BAD_METADATA', statusCode: 502, expose: true, message: `the discovery document at ${discoveryUrl} has no https jwks_uri`, hop });
  }
  const { keys } = await fetchJson(http, jwksUri, 'the JWKS request', hop);
  if (!Array.isArray(keys)) throw new LabError({ code: 'ISSUER_BAD_METADATA', statusCode: 502, expose: true, message: `the JWKS at ${jwksUri} has no keys array`, hop });
  return (keys as JWK[]).filter((key) => key.kty === 'RSA' && typeof key.kid === 'string');
}
