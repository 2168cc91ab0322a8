import { LabError } from '../../../../../shared/errors/lab-error.ts';
import { isPasswordHashSyncHash } from '../../../../../shared/identity/password-hash-sync.ts';
import type { UserStore } from '../users.ts';
import { rejected } from './sync-object.ts';

export interface PasswordResult {
  readonly sourceAnchor: string;
  readonly outcome: 'updated' | 'error';
  readonly error?: string;
}

/**
 * Stores a synced user's PHS credential exactly as sent (client-flows §4): the cloud
 * never sees the password or the NT hash, only the salted hash of the hash.
 */
function storeCredential(users: UserStore, sourceAnchor: unknown, credentialData: unknown): void {
  if (typeof sourceAnchor !== 'string' || sourceAnchor === '') throw rejected('SYNC_INVALID_CREDENTIAL', 'sourceAnchor is missing');
  if (typeof credentialData !== 'string' || !isPasswordHashSyncHash(credentialData)) {
    throw rejected('SYNC_INVALID_CREDENTIAL', 'credentialData is not a password hash sync hash (v1;PPH1_MD4,<20 hex salt>,1000,<64 hex hash>;)');
  }
  const user = users.byImmutableId(sourceAnchor);
  if (!user || !user.onPremisesSyncEnabled) throw rejected('SYNC_UNKNOWN_ANCHOR', `no synced object has the sourceAnchor ${sourceAnchor}`);
  if (user.deletedAt !== null) throw rejected('SYNC_OBJECT_DELETED', `the object with sourceAnchor ${sourceAnchor} is deleted`);
  users.save({ ...user, credential: credentialData });
}

export function applyPasswordCredential(users: UserStore, raw: Record<string, unknown>): PasswordResult {
  const sourceAnchor = typeof raw.sourceAnchor === 'string' ? raw.sourceAnchor : '';
  try {
    storeCredential(users, raw.sourceAnchor, raw.credentialData);
    return { sourceAnchor, outcome: 'updated' };
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    return { sourceAnchor, outcome: 'error', error: error.message };
  }
}
