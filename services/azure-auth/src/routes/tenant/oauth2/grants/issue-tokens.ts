import { delegatedScopes, issueAccessToken, issueIdToken, type TokenSubject } from '../../../../domain/oauth/tokens.ts';
import type { AzureAuthRuntime } from '../../../../domain/runtime.ts';
import type { Tenant } from '../../../../domain/tenant.ts';
import type { UserRecord } from '../../../../domain/users.ts';
import { wantsIdToken, type TokenResponse } from './grant.ts';

export interface Issue {
  readonly user: UserRecord;
  readonly tenant: Tenant;
  readonly clientId: string;
  readonly resource: string;
  readonly scope: string;
  readonly nonce: string | null;
  readonly authenticationMethods?: readonly string[];
}

/** The access token for the resource, and an id_token when `openid` was asked for. */
export async function issueTokens(runtime: AzureAuthRuntime, issue: Issue): Promise<TokenResponse> {
  const now = runtime.config.clock();
  const lifetime = runtime.config.accessTokenLifetimeSeconds;
  const subject: TokenSubject = { user: issue.user, tenant: issue.tenant, clientId: issue.clientId, now, lifetimeSeconds: lifetime, authenticationMethods: issue.authenticationMethods };
  const issuedAt = Math.floor(now.getTime() / 1000);
  return {
    token_type: 'Bearer',
    scope: delegatedScopes(issue.scope),
    expires_in: String(lifetime),
    ext_expires_in: String(lifetime),
    expires_on: String(issuedAt + lifetime),
    not_before: String(issuedAt),
    resource: issue.resource,
    access_token: await issueAccessToken(runtime.signing, subject, issue.resource, issue.scope),
    ...(wantsIdToken(issue.scope) ? { id_token: await issueIdToken(runtime.signing, subject, { nonce: issue.nonce }) } : {}),
  };
}
