import type { Environment } from '../../../../../shared/config/service-config.ts';
import { ConfigError } from '../../../../../shared/errors/lab-error.ts';

/**
 * Extranet smart lockout's settings, as `Set-AdfsProperties` names them (AD FS 2016+,
 * "AD FS Extranet Lockout and Extranet Smart Lockout"): -EnableExtranetLockout with
 * -ExtranetLockoutMode, -ExtranetLockoutThreshold, -ExtranetLockoutThresholdFamiliarLocation
 * (AD FS 2019) and -ExtranetObservationWindow. Read once at start-up; a bad value names
 * its setting.
 *
 * AD's own lockout threshold must stay above ExtranetLockoutThreshold, or AD locks the
 * account before AD FS stops sending guesses (Microsoft recommends half of AD's). The
 * lab's dc keeps no badPwdCount and never locks an account, so there is nothing to
 * check against; the default (5) assumes AD's threshold is the Windows security
 * baseline's 10 (docs/federation.md, "Extranet smart lockout").
 */
export type ExtranetLockoutMode = 'enforce' | 'log-only' | 'off';

/** The lab's names beside AD FS's own ExtranetLockoutMode values, for logs and the management view. */
export const adfsModeNames: Readonly<Record<ExtranetLockoutMode, string>> = {
  enforce: 'AdfsSmartLockoutEnforce',
  'log-only': 'AdfsSmartLockoutLogOnly',
  off: 'ADFSSmartLockoutDisable',
};

export interface ExtranetLockoutSettings {
  /** LAB_ADFS_EXTRANET_LOCKOUT: enforce | log-only | off; default enforce (security.md, password spraying). */
  readonly mode: ExtranetLockoutMode;
  /** LAB_ADFS_EXTRANET_LOCKOUT_THRESHOLD: bad passwords from unknown locations before they are refused; default 5, half the baseline AD threshold. */
  readonly threshold: number;
  /** LAB_ADFS_EXTRANET_LOCKOUT_THRESHOLD_FAMILIAR: the same for familiar locations; default the threshold (AD FS 2016 has one for both). */
  readonly familiarThreshold: number;
  /** LAB_ADFS_EXTRANET_OBSERVATION_WINDOW_SECONDS: how long a locked location stays refused after its last bad password; default 1800, Microsoft's recommended 30 minutes. */
  readonly observationWindowSeconds: number;
  /** Familiar IPs kept per user: 20, AD FS's maximum; the oldest goes first. */
  readonly maxFamiliarIps: number;
}

export const defaultExtranetLockoutSettings: ExtranetLockoutSettings = {
  mode: 'enforce',
  threshold: 5,
  familiarThreshold: 5,
  observationWindowSeconds: 1800,
  maxFamiliarIps: 20,
};

const modes: readonly ExtranetLockoutMode[] = ['enforce', 'log-only', 'off'];

function wholeNumber(env: Environment, setting: string, fallback: number, max: number): number {
  const raw = env[setting];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > max) throw new ConfigError(setting, `is "${raw}"; expected a whole number from 1 to ${max}`);
  return value;
}

export function loadExtranetLockoutSettings(env: Environment): ExtranetLockoutSettings {
  const mode = env.LAB_ADFS_EXTRANET_LOCKOUT ?? defaultExtranetLockoutSettings.mode;
  if (!(modes as readonly string[]).includes(mode)) throw new ConfigError('LAB_ADFS_EXTRANET_LOCKOUT', `is "${mode}"; expected one of ${modes.join(', ')}`);
  const threshold = wholeNumber(env, 'LAB_ADFS_EXTRANET_LOCKOUT_THRESHOLD', defaultExtranetLockoutSettings.threshold, 1000);
  return {
    ...defaultExtranetLockoutSettings,
    mode: mode as ExtranetLockoutMode,
    threshold,
    familiarThreshold: wholeNumber(env, 'LAB_ADFS_EXTRANET_LOCKOUT_THRESHOLD_FAMILIAR', threshold, 1000),
    observationWindowSeconds: wholeNumber(env, 'LAB_ADFS_EXTRANET_OBSERVATION_WINDOW_SECONDS', defaultExtranetLockoutSettings.observationWindowSeconds, 30 * 86_400),
  };
}
