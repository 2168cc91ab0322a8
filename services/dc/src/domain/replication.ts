import { LabError } from '../../../../shared/errors/lab-error.ts';
import { dateOfFileTime, fileTimeOf } from './ad-time.ts';
import type { DirectoryUser } from './directory/model.ts';
import type { DirectoryStore } from './directory/store.ts';

/**
 * The secrets half of DRS GetNCChanges, as AD Connect's password hash sync uses it
 * (docs/identity.md, /drs/replicate): NT hashes of users whose password changed
 * after `usnFrom`, for a caller holding "Replicating Directory Changes All" only.
 */
export interface ReplicatedCredential {
  readonly objectGUID: string;
  readonly sAMAccountName: string;
  readonly ntHash: string;
  readonly pwdLastSet: string;
  readonly usn: number;
}

export interface ReplicationAnswer {
  readonly highestCommittedUsn: number;
  readonly credentials: readonly ReplicatedCredential[];
}

export function assertMayReplicateSecrets(caller: DirectoryUser): void {
  if (caller.replicatingDirectoryChangesAll) return;
  throw new LabError({
    code: 'REPLICATION_ACCESS_DENIED',
    statusCode: 403,
    message: `${caller.sAMAccountName} does not hold "Replicating Directory Changes All"; only the directory synchronization service account does`,
  });
}

export function replicateCredentials(store: DirectoryStore, usnFrom: number): ReplicationAnswer {
  const highestCommittedUsn = store.highestCommittedUsn();
  const credentials = store
    .users()
    .filter((user) => user.passwordUsn > usnFrom)
    .sort((a, b) => a.passwordUsn - b.passwordUsn)
    .map((user) => ({
      objectGUID: user.objectGUID,
      sAMAccountName: user.sAMAccountName,
      ntHash: user.ntHash.toString('hex'),
      // pwdLastSet 0 (must change) is FILETIME 0, 1601-01-01.
      pwdLastSet: dateOfFileTime(fileTimeOf(user.pwdLastSet)).toISOString(),
      usn: user.passwordUsn,
    }));
  return { highestCommittedUsn, credentials };
}
