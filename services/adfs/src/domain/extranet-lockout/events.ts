import type { Logger } from 'pino';
import type { TraceLog } from '../../../../../shared/service/trace.ts';
import type { ExtranetOrigin } from './client-location.ts';
import type { LockoutState } from './policy.ts';

/**
 * What extranet smart lockout writes down, after AD FS's audit events ("AD FS Extranet
 * Smart Lockout events"): 1203 for each bad password counted, 1210 when a location
 * locks, 516 for a request refused while locked (in log-only mode: let through), 515
 * for a correct password given while locked. Each names the hop, the client addresses
 * and the counter; the reply to the client says only what a bad password says.
 */
export type LockoutEvent =
  | { readonly code: 'EXTRANET_BAD_PASSWORD'; readonly adfsEventId: 1203 }
  | { readonly code: 'EXTRANET_LOCKED_OUT'; readonly adfsEventId: 1210 }
  | { readonly code: 'EXTRANET_LOCKOUT_REFUSED'; readonly adfsEventId: 516 }
  | { readonly code: 'EXTRANET_LOCKOUT_LOG_ONLY'; readonly adfsEventId: 516 }
  | { readonly code: 'EXTRANET_LOCKED_CORRECT_PASSWORD'; readonly adfsEventId: 515 }
  | { readonly code: 'EXTRANET_NAME_NOT_COUNTABLE'; readonly adfsEventId: 0 };

export const lockoutEvents = {
  badPassword: { code: 'EXTRANET_BAD_PASSWORD', adfsEventId: 1203 },
  lockedOut: { code: 'EXTRANET_LOCKED_OUT', adfsEventId: 1210 },
  refused: { code: 'EXTRANET_LOCKOUT_REFUSED', adfsEventId: 516 },
  logOnly: { code: 'EXTRANET_LOCKOUT_LOG_ONLY', adfsEventId: 516 },
  correctWhileLocked: { code: 'EXTRANET_LOCKED_CORRECT_PASSWORD', adfsEventId: 515 },
  nameNotCountable: { code: 'EXTRANET_NAME_NOT_COUNTABLE', adfsEventId: 0 },
} as const satisfies Record<string, LockoutEvent>;

export interface LockoutEventDetails {
  readonly activityId: string | undefined;
  readonly user: string;
  readonly account?: string;
  readonly origin: ExtranetOrigin;
  readonly state?: LockoutState;
}

export interface LockoutRecorder {
  record(event: LockoutEvent, details: LockoutEventDetails, message: string): void;
}

/** Events go to the service log (warn for lockouts, info otherwise) and to the `/_lab/state` trace as decisions. */
export function lockoutRecorder(logger: Logger, trace: TraceLog | undefined): LockoutRecorder {
  return {
    record(event, details, message) {
      const { state, origin } = details;
      const fields = {
        code: event.code,
        adfsEventId: event.adfsEventId || undefined,
        hop: `${origin.proxy} → adfs (extranet lockout)`,
        activityId: details.activityId,
        user: details.user,
        account: details.account,
        clientIps: origin.clientIps,
        location: state?.location,
        badPwdCount: state?.count,
        threshold: state?.threshold,
        lastFailedAuth: state?.lastFailedAuth?.toISOString(),
        unlocksAt: state?.unlocksAt?.toISOString(),
      };
      const serious = event.code !== 'EXTRANET_BAD_PASSWORD';
      logger[serious ? 'warn' : 'info'](fields, message);
      trace?.record('decision', details.activityId ?? 'extranet-lockout', { extranetLockout: fields });
    },
  };
}
