import type { JWK } from 'jose';
import { LabError } from '../../../../shared/errors/lab-error.ts';
import type { LabHttpClient, LabResponse } from '../../../../shared/http/client.ts';
import { fetchPublishedKeys } from '../../../../shared/oauth/published-keys.ts';
import type { OwaSettings } from '../config.ts';

/**
 * Everything OWA asks azure-auth over the network, through the service's lab client:
 * redeeming an authorization code (RFC 6749 §4.1.3) and fetching the signing keys by
 * OpenID discovery (OIDC Discovery §4, `jwks_uri`). Keys are cached until a token
 * names a key the cache lacks; then the caller asks for one refetch.
 */
export interface TokenResponse {
  readonly accessToken: string;
  readonly idToken: string | undefined;
}

export interface AzureAuthClient {
  redeemCode(code: string, correlationId: string): Promise<TokenResponse>;
  signingKeys(options?: { readonly refresh?: boolean }): Promise<readonly JWK[]>;
}

export const tokenEndpointHop = 'exchange-online → azure-auth (token endpoint)';
export const keysHop = 'exchange-online → azure-auth (signing keys)';

async function call(http: LabHttpClient, url: string, hop: string, init: Parameters<LabHttpClient['request']>[1]): Promise<LabResponse> {
  try {
    return await http.request(url, init);
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    throw new LabError({ code: error.code, statusCode: 502, expose: true, message: error.message, hop, cause: error });
  }
}

function badResponse(hop: string, what: string, response: LabResponse): LabError {
  return new LabError({ code: 'AZURE_AUTH_BAD_RESPONSE', statusCode: 502, expose: true, message: `azure-auth answered ${what} with HTTP ${response.status} and no usable JSON`, hop });
}

function json(response: LabResponse): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(response.body);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function createAzureAuthClient(http: LabHttpClient, settings: OwaSettings): AzureAuthClient {
  let cached: Promise<readonly JWK[]> | undefined;

  const fetchKeys = (): Promise<readonly JWK[]> => fetchPublishedKeys(http, settings.discoveryUrl, keysHop);

  return {
    async redeemCode(code, correlationId) {
      const form = new URLSearchParams({ grant_type: 'authorization_code', code, client_id: settings.clientId, redirect_uri: settings.redirectUri, resource: settings.resource });
      const response = await call(http, settings.tokenEndpoint, tokenEndpointHop, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        correlationId,
      });
      const body = json(response);
      if (response.status === 200 && typeof body?.access_token === 'string') {
        return { accessToken: body.access_token, idToken: typeof body.id_token === 'string' ? body.id_token : undefined };
      }
      if (response.status >= 400 && response.status < 500 && typeof body?.error === 'string') {
        const description = typeof body.error_description === 'string' ? `: ${body.error_description}` : '';
        throw new LabError({ code: 'OWA_CODE_REFUSED', statusCode: 401, wireCode: body.error, message: `azure-auth refused the authorization code (${body.error}${description})`, hop: tokenEndpointHop });
      }
      throw badResponse(tokenEndpointHop, 'the code redemption', response);
    },
    signingKeys(options = {}) {
      if (!cached || options.refresh) {
        const fetching = fetchKeys();
        cached = fetching;
        // A failed fetch is not cached: the next sign-in tries again.
        fetching.catch(() => {
          if (cached === fetching) cached = undefined;
        });
      }
      return cached;
    },
  };
}
