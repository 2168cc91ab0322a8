import type { ServiceContext } from '../../../shared/service/definition.ts';
import { openDirectory } from './domain/directory/open.ts';
import type { DirectoryStore } from './domain/directory/store.ts';
import { ChallengeLedger } from './domain/ntlm/challenge-ledger.ts';

/**
 * What one running dc holds: its directory store and the NTLM challenges already
 * answered. `register` opens it, the LDAP listeners and `/_lab/state` use it, and
 * closing the app closes the database.
 */
export interface DcRuntime {
  readonly store: DirectoryStore;
  readonly challenges: ChallengeLedger;
}

const runtimes = new WeakMap<ServiceContext, DcRuntime>();

export async function openRuntime(context: ServiceContext): Promise<DcRuntime> {
  const runtime = { store: await openDirectory(context.config.stateDir, context.config.seedFile), challenges: new ChallengeLedger() };
  runtimes.set(context, runtime);
  return runtime;
}

export function runtimeOf(context: ServiceContext): DcRuntime {
  const runtime = runtimes.get(context);
  if (!runtime) throw new Error('the dc runtime is opened by register(), which runs before anything else');
  return runtime;
}

export function hasRuntime(context: ServiceContext): boolean {
  return runtimes.has(context);
}
