import { signInWithPassword } from '../../../../domain/sign-in/password-sign-in.ts';
import { single } from '../../../form.ts';
import { required, type GrantInput, type TokenResponse } from './grant.ts';
import { issueTokens } from './issue-tokens.ts';

/**
 * `grant_type=password` (RFC 6749 §4.3; Azure AD ROPC): how the sync account and the
 * lab CLI get tokens. It goes through the same checks as the sign-in pages: unknown
 * user, federated domain, smart lockout, password, disabled, expired.
 */
export async function passwordGrant({ runtime, tenant, form }: GrantInput): Promise<TokenResponse> {
  const clientId = required(form, 'client_id');
  const resource = required(form, 'resource');
  const username = required(form, 'username');
  const password = required(form, 'password');
  const user = await signInWithPassword(runtime, username, password);
  return issueTokens(runtime, { user, tenant, clientId: clientId.toLowerCase(), resource, scope: single(form, 'scope') ?? 'user_impersonation', nonce: null });
}
