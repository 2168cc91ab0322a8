import { LabError } from '../../../../../shared/errors/lab-error.ts';
import { verifyClientAccessToken } from '../verify-tokens.ts';
import type { ClientUser } from './client-user.ts';
import { credentialFailure } from './credential-failure.ts';
import type { ClientAccessDependencies } from './dependencies.ts';
import { provisionedMailbox } from './provisioned-mailbox.ts';

/**
 * `Authorization: Bearer <jwt>` from azure-auth (the end of flow F7): verified as OWA
 * verifies its tokens, with Exchange Online's audiences and tenant. A missing or bad
 * token is 401 with the two challenges of client-flows §3: Bearer (client_id,
 * trusted_issuers, token_types, authorization_uri at the lab's login host; plus
 * `error="invalid_token"` when a token was sent, RFC 6750 §3) and Basic realm=<host>.
 */
export const bearerHop = 'client → exchange-online (Bearer token)';

export function bearerChallenges(deps: ClientAccessDependencies, error?: 'invalid_token'): string[] {
  const { settings } = deps;
  const bearer =
    `Bearer client_id="${settings.appId}", trusted_issuers="${settings.trustedIssuer}", token_types="app_asserted_user_v1 service_asserted_app_v1", ` +
    `authorization_uri="${settings.authorizationUri}"${error ? `, error="${error}"` : ''}`;
  return [bearer, `Basic realm="${settings.host}"`];
}

export async function authenticateBearer(deps: ClientAccessDependencies, token: string): Promise<ClientUser> {
  if (token === '') {
    throw credentialFailure({ kind: 'bad-credentials', code: 'BEARER_EMPTY', message: 'the Bearer token is empty', hop: bearerHop, challenges: bearerChallenges(deps) });
  }
  let user;
  try {
    user = await verifyClientAccessToken(deps.azureAuth, deps.settings, token, deps.now(), bearerHop);
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    if (error.statusCode >= 500) {
      throw credentialFailure({ kind: 'unavailable', code: 'BEARER_KEYS_UNAVAILABLE', message: `azure-auth's signing keys could not be fetched: ${error.message}`, hop: error.hop ?? bearerHop, retryAfterSeconds: deps.settings.retryAfterSeconds, cause: error });
    }
    throw credentialFailure({ kind: 'bad-credentials', code: error.code, message: error.message, hop: bearerHop, challenges: bearerChallenges(deps, 'invalid_token'), cause: error });
  }
  return { upn: user.upn, name: user.name, objectId: user.objectId, mailbox: provisionedMailbox(deps, user.upn), method: 'bearer' };
}
