import { issueAccessToken, type TokenSubject } from '../../../../domain/oauth/tokens.ts';
import { clientInfoOf, issueV2IdToken } from '../../../../domain/oauth/tokens-v2.ts';
import type { V2Target } from '../../../../domain/oauth/v2-scopes.ts';
import type { AzureAuthRuntime } from '../../../../domain/runtime.ts';
import type { Tenant } from '../../../../domain/tenant.ts';
import type { SignedInUser } from './grants/grant.ts';

/**
 * The v2.0 token response (Microsoft identity platform; RFC 6749 §5.1): times as numbers,
 * `scope` the granted permissions written `<resource>/<permission>` plus the OpenID scopes
 * honoured, no `resource`. No refresh token: this lab has no refresh grant, so
 * `offline_access` is not granted and does not appear in `scope`.
 */
export interface V2TokenResponse {
  readonly token_type: 'Bearer';
  readonly scope: string;
  readonly expires_in: number;
  readonly ext_expires_in: number;
  readonly access_token: string;
  readonly id_token?: string;
  readonly client_info?: string;
}

export interface V2Issue {
  readonly signedIn: SignedInUser;
  readonly tenant: Tenant;
  readonly target: V2Target;
  /** The request's `client_info=1`: MSAL asks for it to key its account cache. */
  readonly wantsClientInfo: boolean;
}

function grantedScope(target: V2Target): string {
  const permissions = target.permissions.map((permission) => `${target.resource}/${permission}`);
  return [...permissions, ...target.openIdScopes.filter((scope) => scope !== 'offline_access')].join(' ');
}

export async function issueV2Tokens(runtime: AzureAuthRuntime, issue: V2Issue): Promise<V2TokenResponse> {
  const lifetime = runtime.config.accessTokenLifetimeSeconds;
  const subject: TokenSubject = { user: issue.signedIn.user, tenant: issue.tenant, clientId: issue.signedIn.clientId, now: runtime.config.clock(), lifetimeSeconds: lifetime, authenticationMethods: issue.signedIn.authenticationMethods };
  return {
    token_type: 'Bearer',
    scope: grantedScope(issue.target),
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: await issueAccessToken(runtime.signing, subject, issue.target.resource, issue.target.permissions.join(' ')),
    ...(issue.target.openIdScopes.includes('openid') ? { id_token: await issueV2IdToken(runtime.signing, subject) } : {}),
    ...(issue.wantsClientInfo ? { client_info: clientInfoOf(subject) } : {}),
  };
}
