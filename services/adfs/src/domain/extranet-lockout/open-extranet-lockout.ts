import type { Logger } from 'pino';
import type { TraceLog } from '../../../../../shared/service/trace.ts';
import type { AdfsConfig } from '../../config.ts';
import type { CredentialChecker } from '../credentials/credential-checker.ts';
import { openAccountActivityStore } from './account-activity-store.ts';
import { accountActivityAdmin, type AccountActivityAdmin } from './account-activity-view.ts';
import { forestOf } from './account-key.ts';
import { lockoutRecorder } from './events.ts';
import { withExtranetLockout } from './extranet-lockout.ts';

export interface ExtranetLockout {
  /** The dc's credential check with extranet smart lockout in front of it. */
  guard(checker: CredentialChecker): CredentialChecker;
  readonly admin: AccountActivityAdmin;
  close(): void;
}

/** Opens AD FS's artifact store in its state directory and builds the lockout from the config. */
export function openExtranetLockout(stateDir: string, config: AdfsConfig, logger: Logger, trace?: TraceLog): ExtranetLockout {
  const store = openAccountActivityStore(stateDir);
  const settings = config.extranetLockout;
  return {
    guard: (checker) => withExtranetLockout(checker, { settings, store, clock: config.clock, events: lockoutRecorder(logger, trace), forest: forestOf(config.directory.baseDn) }),
    admin: accountActivityAdmin(store, settings, config.clock),
    close: () => store.close(),
  };
}
