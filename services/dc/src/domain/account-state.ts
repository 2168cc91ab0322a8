import { uac, type DirectoryUser } from './directory/model.ts';
import type { LogonFailure } from './ad-errors.ts';

/**
 * Why a user with the right password still may not log on, in the order AD checks:
 * disabled, then expired, then must change (pwdLastSet 0). AD reports these only
 * after the password was right; a wrong password is always just a wrong password.
 */
export function accountRestriction(user: DirectoryUser): Extract<LogonFailure, 'ACCOUNT_DISABLED' | 'PASSWORD_EXPIRED' | 'PASSWORD_MUST_CHANGE'> | undefined {
  if (user.userAccountControl & uac.accountDisable) return 'ACCOUNT_DISABLED';
  if (user.userAccountControl & uac.passwordExpired) return 'PASSWORD_EXPIRED';
  if (user.pwdLastSet === null) return 'PASSWORD_MUST_CHANGE';
  return undefined;
}
