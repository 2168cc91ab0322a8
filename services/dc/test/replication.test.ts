import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LabError } from '../../../shared/errors/lab-error.ts';
import { ntHash } from '../../../shared/identity/nt-hash.ts';
import { updateUser } from '../src/domain/directory/writes.ts';
import { assertMayReplicateSecrets, replicateCredentials } from '../src/domain/replication.ts';
import { openTestDirectory, type TestDirectory } from './support/directory.ts';

describe('DRS password replication', () => {
  let directory: TestDirectory;
  before(async () => {
    directory = await openTestDirectory();
  });
  after(() => directory.dispose());

  it('returns every user\'s NT hash from USN 0, with the highest committed USN', async () => {
    const answer = replicateCredentials(directory.store, 0);
    assert.equal(answer.highestCommittedUsn, 12);
    assert.equal(answer.credentials.length, 9);
    const mary = answer.credentials.find((credential) => credential.sAMAccountName === 'mary')!;
    assert.deepEqual(mary, { objectGUID: '6d2a4f1e-8b3c-4e5a-9f10-2b3c4d5e6f71', sAMAccountName: 'mary', ntHash: (await ntHash('Mary!Lab2026')).toString('hex'), pwdLastSet: '2026-03-02T09:30:00.000Z', usn: 2 });
  });

  it('shows pwdLastSet 0 as FILETIME 0, 1601-01-01', () => {
    assert.equal(replicateCredentials(directory.store, 0).credentials.find((credential) => credential.sAMAccountName === 'pat')?.pwdLastSet, '1601-01-01T00:00:00.000Z');
  });

  it('returns only the users whose password changed after usnFrom', async () => {
    const joe = directory.store.userBySamAccountName('joe')!;
    updateUser(directory.store, joe.objectGUID, { attributes: { displayName: 'Joe B.' } });
    updateUser(directory.store, joe.objectGUID, { ntHash: await ntHash('Joe!New2026') });
    const answer = replicateCredentials(directory.store, 12);
    assert.equal(answer.highestCommittedUsn, 14);
    assert.deepEqual(answer.credentials.map((credential) => [credential.sAMAccountName, credential.usn, credential.ntHash]), [['joe', 14, (await ntHash('Joe!New2026')).toString('hex')]]);
  });

  it('grants replication to the MSOL_ account only, not even to Administrator', () => {
    assert.doesNotThrow(() => assertMayReplicateSecrets(directory.store.userBySamAccountName('MSOL_7a1c0f2e5d4b')!));
    assert.throws(
      () => assertMayReplicateSecrets(directory.store.userBySamAccountName('Administrator')!),
      (error: unknown) => error instanceof LabError && error.code === 'REPLICATION_ACCESS_DENIED' && error.statusCode === 403,
    );
  });
});
