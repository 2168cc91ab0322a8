import type { AzureAuthConfig } from '../../config.ts';
import type { UserRecord, UserStore } from '../users.ts';

/**
 * Smart lockout (security.md, password spraying; Entra smart lockout): after
 * `lockoutThreshold` failed passwords the account is locked for `lockoutSeconds`.
 * Locking clears the counter, so after the window the next failures count afresh;
 * a successful sign-in clears it too. Counting is one SQL update, so concurrent
 * guesses cannot lose increments.
 */
export function lockoutSecondsLeft(user: UserRecord, now: Date): number {
  if (user.lockoutUntil === null) return 0;
  return Math.max(0, Math.ceil((user.lockoutUntil - now.getTime()) / 1000));
}

export function recordFailedPassword(users: UserStore, user: UserRecord, now: Date, config: AzureAuthConfig): UserRecord {
  return users.countFailedPassword(user.objectId, config.lockoutThreshold, now.getTime() + config.lockoutSeconds * 1000);
}

export function clearFailures(users: UserStore, user: UserRecord): UserRecord {
  if (user.failedSignIns === 0 && user.lockoutUntil === null) return user;
  users.clearFailedPasswords(user.objectId);
  return { ...user, failedSignIns: 0, lockoutUntil: null };
}
