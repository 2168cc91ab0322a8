import type { AccountKey } from './account-key.ts';

/** Familiar or unknown: each keeps its own bad-password counter (AD FS's AccountActivity). */
export type Location = 'familiar' | 'unknown';

/** One user's row of AD FS's AccountActivity table, as Get-AdfsAccountActivity shows it. */
export interface AccountActivity {
  readonly account: AccountKey;
  readonly badPwdCountFamiliar: number;
  readonly lastFailedAuthFamiliar: Date | null;
  readonly badPwdCountUnknown: number;
  readonly lastFailedAuthUnknown: Date | null;
  /** Oldest first; at most the configured maximum (20). */
  readonly familiarIps: readonly string[];
}

export function emptyActivity(account: AccountKey): AccountActivity {
  return { account, badPwdCountFamiliar: 0, lastFailedAuthFamiliar: null, badPwdCountUnknown: 0, lastFailedAuthUnknown: null, familiarIps: [] };
}

export function badPasswordCount(activity: AccountActivity, location: Location): number {
  return location === 'familiar' ? activity.badPwdCountFamiliar : activity.badPwdCountUnknown;
}

export function lastFailedAuth(activity: AccountActivity, location: Location): Date | null {
  return location === 'familiar' ? activity.lastFailedAuthFamiliar : activity.lastFailedAuthUnknown;
}

/** Adds addresses at the end, keeping each once and only the newest `max` ("the oldest IP in the list is removed"). */
export function withFamiliarIps(existing: readonly string[], added: readonly string[], max: number): string[] {
  const ips = [...existing];
  for (const ip of added) if (!ips.includes(ip)) ips.push(ip);
  return ips.slice(Math.max(0, ips.length - max));
}
