import { ntHash } from '../../../../../shared/identity/nt-hash.ts';
import { verifyPasswordHashSyncHash } from '../../../../../shared/identity/password-hash-sync.ts';
import type { AzureAuthConfig } from '../../config.ts';
import type { TenantDirectory } from '../tenant.ts';
import type { UserRecord, UserStore } from '../users.ts';
import { accountDisabled, federatedNotConfigured, invalidCredentials, lockedOut, passwordExpired, unknownUser } from './aadsts.ts';
import { clearFailures, lockoutSecondsLeft, recordFailedPassword } from './lockout.ts';

export interface SignInContext {
  readonly directory: TenantDirectory;
  readonly users: UserStore;
  readonly config: AzureAuthConfig;
}

/** Where a username signs in (home realm discovery, client-flows §2.1): here, or its federation service. */
export type Realm = { readonly kind: 'managed'; readonly user: UserRecord } | { readonly kind: 'federated'; readonly domain: string };

/**
 * The username step: a federated domain's users belong to its federation service
 * whatever this directory holds; other names must be live users here (AADSTS50034).
 */
export function discoverRealm(context: SignInContext, userPrincipalName: string): Realm {
  const domain = context.directory.domainOf(userPrincipalName);
  if (domain?.authentication === 'Federated') return { kind: 'federated', domain: domain.name };
  const user = context.users.byUserPrincipalName(userPrincipalName);
  if (!user || user.deletedAt !== null) throw unknownUser(userPrincipalName, context.directory.tenant().displayName);
  return { kind: 'managed', user };
}

function managedUser(context: SignInContext, userPrincipalName: string): UserRecord {
  const realm = discoverRealm(context, userPrincipalName);
  if (realm.kind === 'federated') throw federatedNotConfigured(realm.domain);
  return realm.user;
}

function rejectLocked(user: UserRecord, now: Date): void {
  const secondsLeft = lockoutSecondsLeft(user, now);
  if (secondsLeft > 0) throw lockedOut(secondsLeft);
}

/** client-flows §4: recompute the PHS hash from the typed password with the stored salt. */
async function checkPassword(context: SignInContext, user: UserRecord, password: string, now: Date): Promise<void> {
  if (user.credential !== null && verifyPasswordHashSyncHash(await ntHash(password), user.credential)) return;
  rejectLocked(recordFailedPassword(context.users, user, now, context.config), now);
  throw invalidCredentials();
}

function rejectDisabled(user: UserRecord): void {
  if (!user.accountEnabled) throw accountDisabled();
}

function rejectExpiredPassword(user: UserRecord, now: Date): void {
  if (user.passwordExpiresAt !== null && user.passwordExpiresAt <= now.getTime()) throw passwordExpired();
}

/**
 * A password sign-in, the same for the pages and the password grant. The password is
 * checked before "disabled" and "expired" are revealed, so those answers never leak
 * to someone who does not know it.
 */
export async function signInWithPassword(context: SignInContext, userPrincipalName: string, password: string): Promise<UserRecord> {
  const now = context.config.clock();
  const user = managedUser(context, userPrincipalName);
  rejectLocked(user, now);
  await checkPassword(context, user, password, now);
  rejectDisabled(user);
  rejectExpiredPassword(user, now);
  return clearFailures(context.users, user);
}

/** Whether a user behind a live session may still be signed in silently. */
export function canSignInSilently(user: UserRecord | undefined, now: Date): user is UserRecord {
  return user !== undefined && user.deletedAt === null && user.accountEnabled && lockoutSecondsLeft(user, now) === 0;
}
