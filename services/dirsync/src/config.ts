import type { Environment } from '../../../shared/config/service-config.ts';
import { ConfigError } from '../../../shared/errors/lab-error.ts';
import type { Seed } from '../../../shared/seed/seed.ts';

/**
 * dirsync's own settings. Account credentials come from the seed, as the AD Connect
 * wizard would have stored them at installation.
 */
export interface DirsyncConfig {
  /** Attribute (delta) sync interval, LAB_SYNC_INTERVAL_SECONDS; default 1800 (AD Connect's 30 minutes). */
  readonly attributeIntervalSeconds: number;
  /** Password hash sync interval, LAB_PASSWORD_SYNC_INTERVAL_SECONDS; default 120 (AD Connect's 2 minutes). */
  readonly passwordIntervalSeconds: number;
  readonly tenantId: string;
  readonly baseDn: string;
  readonly netbios: string;
  /** The AD account that reads the directory and replicates password hashes (MSOL_…). */
  readonly adAccount: { readonly sAMAccountName: string; readonly password: string };
  /** The tenant's directory synchronization account. */
  readonly cloudAccount: { readonly userPrincipalName: string; readonly password: string };
  readonly dcHost: string;
}

function seconds(env: Environment, setting: string, fallback: number): number {
  const raw = env[setting];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 86_400) throw new ConfigError(setting, `is "${raw}"; expected whole seconds between 1 and 86400`);
  return value;
}

export function loadDirsyncConfig(env: Environment, seed: Seed): DirsyncConfig {
  return {
    attributeIntervalSeconds: seconds(env, 'LAB_SYNC_INTERVAL_SECONDS', 1800),
    passwordIntervalSeconds: seconds(env, 'LAB_PASSWORD_SYNC_INTERVAL_SECONDS', 120),
    tenantId: seed.tenant.id,
    baseDn: seed.activeDirectory.baseDn,
    netbios: seed.activeDirectory.netbios,
    adAccount: seed.activeDirectory.syncServiceAccount,
    cloudAccount: seed.tenant.syncAccount,
    dcHost: `dc.${seed.activeDirectory.forest}`,
  };
}
