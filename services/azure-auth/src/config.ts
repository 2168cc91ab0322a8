import { ConfigError } from '../../../shared/errors/lab-error.ts';
import type { Environment } from '../../../shared/config/service-config.ts';

/** A source of the current time; tests pass a frozen one so expiry is exact (style.md §9). */
export type Clock = () => Date;

/**
 * azure-auth's own settings, read once at start-up. Each default is the value
 * docs/identity.md or Entra ID documents, named where it comes from.
 */
export interface AzureAuthConfig {
  /** Failed passwords before smart lockout (LAB_AZURE_AUTH_LOCKOUT_THRESHOLD; default 10, Entra's smart lockout threshold). */
  readonly lockoutThreshold: number;
  /** How long a locked account stays locked (LAB_AZURE_AUTH_LOCKOUT_SECONDS; default 60, Entra's lockout duration). */
  readonly lockoutSeconds: number;
  /** Authorization code lifetime: 600 s (docs/identity.md, "one-time code, 10 min"). */
  readonly codeLifetimeSeconds: number;
  /** Access and id token lifetime: 3600 s (docs/identity.md, "live 1 hour"). */
  readonly accessTokenLifetimeSeconds: number;
  /** Server-side lifetime of an ESTSAUTH session (LAB_AZURE_AUTH_SESSION_SECONDS; default 86400, a lab choice: one working day). */
  readonly sessionLifetimeSeconds: number;
  /** How long a started sign-in (username → password) may take: 900 s, a lab choice. */
  readonly signInFlowLifetimeSeconds: number;
  /** How often each federated domain's trust is refreshed from its federation metadata (LAB_AZURE_AUTH_METADATA_REFRESH_SECONDS; default 86400: Entra ID checks the metadata daily). */
  readonly metadataRefreshSeconds: number;
  /** Lifetime of an S2S actor (app) token from accounts.accesscontrol (LAB_AZURE_AUTH_S2S_TOKEN_SECONDS; default 3600, security.md: access tokens live 60–90 minutes). */
  readonly s2sTokenLifetimeSeconds: number;
  readonly clock: Clock;
}

export const defaultAzureAuthConfig: AzureAuthConfig = {
  lockoutThreshold: 10,
  lockoutSeconds: 60,
  codeLifetimeSeconds: 600,
  accessTokenLifetimeSeconds: 3600,
  sessionLifetimeSeconds: 86_400,
  signInFlowLifetimeSeconds: 900,
  metadataRefreshSeconds: 86_400,
  s2sTokenLifetimeSeconds: 3600,
  clock: () => new Date(),
};

function positiveInteger(env: Environment, setting: string, fallback: number): number {
  const raw = env[setting];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(setting, `is "${raw}"; expected a whole number of at least 1`);
  return value;
}

export function loadAzureAuthConfig(env: Environment): AzureAuthConfig {
  return {
    ...defaultAzureAuthConfig,
    lockoutThreshold: positiveInteger(env, 'LAB_AZURE_AUTH_LOCKOUT_THRESHOLD', defaultAzureAuthConfig.lockoutThreshold),
    lockoutSeconds: positiveInteger(env, 'LAB_AZURE_AUTH_LOCKOUT_SECONDS', defaultAzureAuthConfig.lockoutSeconds),
    sessionLifetimeSeconds: positiveInteger(env, 'LAB_AZURE_AUTH_SESSION_SECONDS', defaultAzureAuthConfig.sessionLifetimeSeconds),
    metadataRefreshSeconds: positiveInteger(env, 'LAB_AZURE_AUTH_METADATA_REFRESH_SECONDS', defaultAzureAuthConfig.metadataRefreshSeconds),
    s2sTokenLifetimeSeconds: positiveInteger(env, 'LAB_AZURE_AUTH_S2S_TOKEN_SECONDS', defaultAzureAuthConfig.s2sTokenLifetimeSeconds),
  };
}
