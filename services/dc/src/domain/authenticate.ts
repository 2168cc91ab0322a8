import { timingSafeEqual } from 'node:crypto';
import { ntHash } from '../../../../shared/identity/nt-hash.ts';
import { logonFailed } from './ad-errors.ts';
import { accountRestriction } from './account-state.ts';
import { findAccount, parseBindName } from './bind-name.ts';
import type { DirectoryUser } from './directory/model.ts';
import type { DirectoryStore } from './directory/store.ts';

/**
 * A simple bind (or HTTP Basic) with a name and a password: find the account (525),
 * check the password against the stored NT hash (52e), then the account's state
 * (533, 532, 773). Failures are LabErrors whose code is the LogonFailure.
 */
export async function authenticate(store: DirectoryStore, name: string, password: string): Promise<DirectoryUser> {
  const user = findAccount(store, parseBindName(name));
  if (!user) throw logonFailed('NO_SUCH_USER');
  if (!timingSafeEqual(await ntHash(password), user.ntHash)) throw logonFailed('BAD_PASSWORD');
  const restriction = accountRestriction(user);
  if (restriction) throw logonFailed(restriction);
  return user;
}
