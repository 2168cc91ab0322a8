import type { CredentialCheck, CredentialChecker, LogonContext } from '../credentials/credential-checker.ts';
import type { Clock } from '../../config.ts';
import type { Location } from './account-activity.ts';
import type { AccountActivityStore } from './account-activity-store.ts';
import { accountKeyOf, namesOfAccount, type AccountKey } from './account-key.ts';
import { isFamiliar, type ExtranetOrigin } from './client-location.ts';
import { lockoutEvents, type LockoutRecorder } from './events.ts';
import { lockoutState, type LockoutState } from './policy.ts';
import type { ExtranetLockoutSettings } from './settings.ts';

/**
 * Extranet smart lockout (security.md, password spraying; AD FS 2016+ ESL) around the
 * dc's credential check. Only sign-ins through the Web Application Proxy are subject to
 * it; intranet ones go straight to the dc. For an extranet sign-in:
 *   1. find the account and whether the client's addresses are familiar to it;
 *   2. if that location is locked, refuse without contacting the dc (enforce), so AD's
 *      own lockout is never reached — or only log it (log-only);
 *   3. ask the dc; a correct password resets the location's counter and makes the
 *      addresses familiar, a wrong one (52e) counts against the location.
 */
export interface ExtranetLockoutDeps {
  readonly settings: ExtranetLockoutSettings;
  readonly store: AccountActivityStore;
  readonly clock: Clock;
  readonly events: LockoutRecorder;
  /** The forest's DNS name, for the implicit UPN `sAMAccountName@<forest>`. */
  readonly forest: string;
}

interface Attempt {
  readonly user: string;
  readonly account: AccountKey;
  readonly origin: ExtranetOrigin;
  readonly activityId: string | undefined;
  readonly state: LockoutState;
}

const refused: CredentialCheck = { ok: false, failure: 'extranet-lockout' };

export function withExtranetLockout(inner: CredentialChecker, deps: ExtranetLockoutDeps): CredentialChecker {
  const { settings, store, clock, events } = deps;
  const inFlight = new Map<string, number>();
  const flightKey = (account: AccountKey, location: Location) => `${location}|${account}`;
  const adjustFlight = (key: string, by: number) => {
    const next = (inFlight.get(key) ?? 0) + by;
    if (next > 0) inFlight.set(key, next);
    else inFlight.delete(key);
  };

  function begin(user: string, account: AccountKey, origin: ExtranetOrigin, activityId: string | undefined): Attempt {
    const activity = store.read(account);
    const location: Location = isFamiliar(origin, activity.familiarIps) ? 'familiar' : 'unknown';
    const state = lockoutState(activity, location, settings, clock(), inFlight.get(flightKey(account, location)) ?? 0);
    return { user, account, origin, activityId, state };
  }

  function afterSuccess(attempt: Attempt, result: Extract<CredentialCheck, { ok: true }>): void {
    const { key, aliases } = namesOfAccount(result.user, deps.forest);
    const now = clock();
    store.learnAliases(key, [...new Set([attempt.account, ...aliases])].filter((alias) => alias !== key), settings.maxFamiliarIps, now);
    store.recordSuccess(key, attempt.state.location, attempt.origin.clientIps, settings.maxFamiliarIps, now);
    if (attempt.state.locked) events.record(lockoutEvents.correctWhileLocked, { ...attempt, account: key }, 'a locked-out account gave the correct password from a locked location; it may be compromised');
  }

  function afterBadPassword(attempt: Attempt): void {
    const now = clock();
    const state = lockoutState(store.countBadPassword(attempt.account, attempt.state.location, now), attempt.state.location, settings, now);
    events.record(lockoutEvents.badPassword, { ...attempt, state }, `bad password from ${state.location === 'familiar' ? 'a familiar' : 'an unknown'} location: ${state.count} of ${state.threshold}`);
    if (state.count === state.threshold) {
      events.record(lockoutEvents.lockedOut, { ...attempt, state }, `account locked out by extranet lockout for ${state.location} locations until ${state.unlocksAt?.toISOString()}`);
    }
  }

  async function checkExtranet(username: string, password: string, context: LogonContext, origin: ExtranetOrigin): Promise<CredentialCheck> {
    const key = accountKeyOf(username);
    if (key === undefined) {
      events.record(lockoutEvents.nameNotCountable, { activityId: context.activityId, user: username, origin }, 'the user name is neither user@domain nor domain\\user, so its failures could not be counted');
      if (settings.mode === 'enforce') return { ok: false, failure: 'no-such-user' };
      return inner.check(username, password, context);
    }
    const attempt = begin(username, store.resolve(key), origin, context.activityId);
    if (attempt.state.locked) {
      if (settings.mode === 'enforce') {
        events.record(lockoutEvents.refused, attempt, `request refused by extranet lockout (${attempt.state.location} location) without contacting the dc`);
        return refused;
      }
      events.record(lockoutEvents.logOnly, attempt, `request would have been refused by extranet lockout (${attempt.state.location} location); let through in log-only mode`);
    }
    const flight = flightKey(attempt.account, attempt.state.location);
    adjustFlight(flight, 1);
    let result: CredentialCheck;
    try {
      result = await inner.check(username, password, context);
    } finally {
      adjustFlight(flight, -1);
    }
    if (result.ok) afterSuccess(attempt, result);
    else if (result.failure === 'bad-password') afterBadPassword(attempt);
    return result;
  }

  return {
    async check(username, password, context) {
      const origin = context?.extranet;
      if (settings.mode === 'off' || origin === undefined) return inner.check(username, password, context);
      return checkExtranet(username, password, context!, origin);
    },
  };
}
