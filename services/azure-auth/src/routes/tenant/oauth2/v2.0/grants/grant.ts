import type { GrantInput } from '../../grants/grant.ts';
import type { UserRecord } from '../../../../../domain/users.ts';

/**
 * A v2.0 grant proves who the user is and for which client; the endpoint then issues
 * tokens for the scope it has already checked (token.ts), so a bad scope is refused
 * before any password is tried.
 */
export interface SignedInUser {
  readonly user: UserRecord;
  readonly clientId: string;
  readonly authenticationMethods?: readonly string[];
}

export type V2GrantHandler = (input: GrantInput) => Promise<SignedInUser>;
