import { badPasswordCount, lastFailedAuth, type AccountActivity, type Location } from './account-activity.ts';
import type { ExtranetLockoutSettings } from './settings.ts';

/**
 * The pre-auth check of extranet smart lockout ("Anatomy of a transaction"): a location
 * is locked while its bad-password count has reached its threshold and its last bad
 * password is less than the observation window ago. Once the window has passed one
 * attempt goes to the dc; a wrong one counts again, stamps the time, and locks the
 * location for another window. Only a correct password (or Reset-AdfsAccountLockout)
 * brings the count back to zero.
 */
export interface LockoutState {
  readonly location: Location;
  /** Bad passwords counted, plus attempts at the dc whose answer has not come back yet. */
  readonly count: number;
  readonly threshold: number;
  readonly lastFailedAuth: Date | null;
  readonly locked: boolean;
  /** When the location may try again: the last bad password plus the window. */
  readonly unlocksAt: Date | null;
}

export function thresholdFor(settings: ExtranetLockoutSettings, location: Location): number {
  return location === 'familiar' ? settings.familiarThreshold : settings.threshold;
}

/**
 * `inFlight` are attempts from this location still at the dc: they count as bad until
 * answered, so a burst of parallel guesses cannot all slip past the threshold.
 */
export function lockoutState(activity: AccountActivity, location: Location, settings: ExtranetLockoutSettings, now: Date, inFlight = 0): LockoutState {
  const count = badPasswordCount(activity, location) + inFlight;
  const threshold = thresholdFor(settings, location);
  const last = lastFailedAuth(activity, location);
  const unlocksAt = last === null ? null : new Date(last.getTime() + settings.observationWindowSeconds * 1000);
  const withinWindow = inFlight > 0 || (unlocksAt !== null && now.getTime() < unlocksAt.getTime());
  return { location, count, threshold, lastFailedAuth: last, locked: count >= threshold && withinWindow, unlocksAt };
}
