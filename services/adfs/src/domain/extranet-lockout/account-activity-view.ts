import { LabError } from '../../../../../shared/errors/lab-error.ts';
import type { Clock } from '../../config.ts';
import type { AccountActivity, Location } from './account-activity.ts';
import type { AccountActivityStore } from './account-activity-store.ts';
import { accountKeyOf } from './account-key.ts';
import { lockoutState } from './policy.ts';
import { adfsModeNames, type ExtranetLockoutSettings } from './settings.ts';

/**
 * Get-AdfsAccountActivity and Reset-AdfsAccountLockout: one user's counters, lockout
 * flags and familiar IPs under the cmdlet's property names, and the reset of the
 * familiar, the unknown or both counters.
 */
export interface AccountActivityView {
  readonly Identifier: string;
  readonly BadPwdCountFamiliar: number;
  readonly BadPwdCountUnknown: number;
  readonly LastFailedAuthFamiliar: string | null;
  readonly LastFailedAuthUnknown: string | null;
  readonly FamiliarLockout: boolean;
  readonly UnknownLockout: boolean;
  /** When each location may try again, if it is locked now. */
  readonly FamiliarLockoutEnds: string | null;
  readonly UnknownLockoutEnds: string | null;
  readonly FamiliarIps: readonly string[];
  readonly ExtranetLockoutMode: string;
  readonly ExtranetLockoutThreshold: number;
  readonly ExtranetLockoutThresholdFamiliarLocation: number;
  readonly ExtranetObservationWindowSeconds: number;
}

export interface AccountActivityAdmin {
  read(userName: string): AccountActivityView;
  reset(userName: string, locations: readonly Location[]): AccountActivityView;
}

function invalidName(userName: string): LabError {
  const shown = userName.length > 200 ? `${userName.slice(0, 200)}…` : userName;
  return new LabError({ code: 'INVALID_USER_NAME', statusCode: 400, message: `'${shown}' is not a user name AD FS keeps account activity for: give user@domain or domain\\user` });
}

export function accountActivityAdmin(store: AccountActivityStore, settings: ExtranetLockoutSettings, clock: Clock): AccountActivityAdmin {
  const accountOf = (userName: string) => {
    const key = accountKeyOf(userName);
    if (key === undefined) throw invalidName(userName);
    return store.resolve(key);
  };
  const view = (activity: AccountActivity, userName: string): AccountActivityView => {
    const now = clock();
    const familiar = lockoutState(activity, 'familiar', settings, now);
    const unknown = lockoutState(activity, 'unknown', settings, now);
    return {
      Identifier: activity.account.replace(/^(upn|sam):/, '') || userName,
      BadPwdCountFamiliar: activity.badPwdCountFamiliar,
      BadPwdCountUnknown: activity.badPwdCountUnknown,
      LastFailedAuthFamiliar: activity.lastFailedAuthFamiliar?.toISOString() ?? null,
      LastFailedAuthUnknown: activity.lastFailedAuthUnknown?.toISOString() ?? null,
      FamiliarLockout: familiar.locked,
      UnknownLockout: unknown.locked,
      FamiliarLockoutEnds: familiar.locked ? (familiar.unlocksAt?.toISOString() ?? null) : null,
      UnknownLockoutEnds: unknown.locked ? (unknown.unlocksAt?.toISOString() ?? null) : null,
      FamiliarIps: activity.familiarIps,
      ExtranetLockoutMode: adfsModeNames[settings.mode],
      ExtranetLockoutThreshold: settings.threshold,
      ExtranetLockoutThresholdFamiliarLocation: settings.familiarThreshold,
      ExtranetObservationWindowSeconds: settings.observationWindowSeconds,
    };
  };
  return {
    read: (userName) => view(store.read(accountOf(userName)), userName),
    reset: (userName, locations) => view(store.reset(accountOf(userName), locations, clock()), userName),
  };
}
