import { signInWithPassword } from '../../../../../domain/sign-in/password-sign-in.ts';
import { required, type GrantInput } from '../../grants/grant.ts';
import type { SignedInUser } from './grant.ts';

/** `grant_type=password` at v2.0 (ROPC): the same checks as v1 and the sign-in pages; MSAL's path for managed users. */
export async function v2PasswordGrant({ runtime, form }: GrantInput): Promise<SignedInUser> {
  const clientId = required(form, 'client_id');
  const user = await signInWithPassword(runtime, required(form, 'username'), required(form, 'password'));
  return { user, clientId: clientId.toLowerCase() };
}
