import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ntHash } from '../../../shared/identity/nt-hash.ts';
import { updateUser } from '../src/domain/directory/writes.ts';
import { frozenNow, openTestDirectory, type TestDirectory } from './support/directory.ts';

describe('the directory store', () => {
  let directory: TestDirectory;
  before(async () => {
    directory = await openTestDirectory();
  });
  after(() => directory.dispose());

  it('is seeded with the seed users, the MSOL_ account, three groups and their memberships', () => {
    assert.deepEqual(directory.store.counts(), { users: 9, groups: 3, memberships: 7 });
    assert.deepEqual(
      directory.store.users().map((user) => user.sAMAccountName),
      ['Administrator', 'mary', 'joe', 'alex', 'sam', 'migadmin', 'pat', 'eve', 'MSOL_7a1c0f2e5d4b'],
    );
  });

  it('gives each seeded object its own USN and reports the last one as the highest committed USN', () => {
    assert.equal(directory.store.highestCommittedUsn(), 12);
    assert.equal(directory.store.userBySamAccountName('mary')?.usnCreated, 2);
  });

  it('stores the NT hash of each password and never the password itself', async () => {
    const mary = directory.store.userBySamAccountName('mary')!;
    assert.deepEqual(mary.ntHash, await ntHash('Mary!Lab2026'));
    for (const name of readdirSync(directory.stateDir)) {
      const file = readFileSync(join(directory.stateDir, name));
      for (const encoding of ['utf8', 'utf16le'] as const) assert.equal(file.includes(Buffer.from('Mary!Lab2026', encoding)), false, `${name} holds the password`);
    }
  });

  it('marks the seed states in userAccountControl and pwdLastSet', () => {
    assert.equal(directory.store.userBySamAccountName('eve')?.userAccountControl, 514);
    assert.equal(directory.store.userBySamAccountName('pat')?.pwdLastSet, null);
    assert.deepEqual(directory.store.userBySamAccountName('mary')?.pwdLastSet, frozenNow);
    const msol = directory.store.userBySamAccountName('msol_7a1c0f2e5d4b')!;
    assert.equal(msol.userAccountControl, 66048);
    assert.equal(msol.replicatingDirectoryChangesAll, true);
    assert.equal(directory.store.userBySamAccountName('Administrator')?.isCriticalSystemObject, true);
  });

  it('gives mailbox users a routing proxy address and other users only their primary SMTP address', () => {
    assert.deepEqual(directory.store.userBySamAccountName('mary')?.proxyAddresses, ['SMTP:mary@contoso.test', 'smtp:mary@contoso.mail.onmicrosoft.test']);
    assert.deepEqual(directory.store.userBySamAccountName('eve')?.proxyAddresses, ['SMTP:eve@contoso.test']);
    assert.deepEqual(directory.store.userBySamAccountName('migadmin')?.proxyAddresses, []);
  });

  it('makes Administrator, and only Administrator, a Domain Admin', () => {
    const admins = directory.store.users().filter((user) => directory.store.isDomainAdmin(user));
    assert.deepEqual(admins.map((user) => user.sAMAccountName), ['Administrator']);
  });

  it('bumps the directory USN and stamps uSNChanged and whenChanged on every write', () => {
    const later = new Date('2026-03-02T10:00:00.000Z');
    directory.setNow(later);
    const mary = directory.store.userBySamAccountName('mary')!;
    const usn = updateUser(directory.store, mary.objectGUID, { attributes: { displayName: 'Mary S.' } });
    const after = directory.store.userBySamAccountName('mary')!;
    assert.equal(usn, 13);
    assert.equal(directory.store.highestCommittedUsn(), 13);
    assert.equal(after.usnChanged, 13);
    assert.deepEqual(after.whenChanged, later);
    assert.equal(after.passwordUsn, mary.passwordUsn, 'an attribute edit is not a password change');
  });

  it('records a password change with pwdLastSet now and the password-change USN', async () => {
    const later = new Date('2026-03-02T11:00:00.000Z');
    directory.setNow(later);
    const pat = directory.store.userBySamAccountName('pat')!;
    const usn = updateUser(directory.store, pat.objectGUID, { ntHash: await ntHash('Pat!New2026') });
    const after = directory.store.userBySamAccountName('pat')!;
    assert.deepEqual(after.pwdLastSet, later);
    assert.equal(after.passwordUsn, usn);
    assert.deepEqual(after.ntHash, await ntHash('Pat!New2026'));
  });

  it('keeps its changes across a restart and does not seed again', async () => {
    const store = await directory.reopen();
    assert.equal(store.userBySamAccountName('mary')?.displayName, 'Mary S.');
    assert.equal(store.highestCommittedUsn(), 14);
    assert.equal(store.counts().users, 9);
  });
});

describe('user principal names in the directory store', () => {
  let directory: TestDirectory;
  before(async () => {
    directory = await openTestDirectory();
  });
  after(() => directory.dispose());

  it('renames a user principal name, and refuses one another user holds with AD\'s 000021C8 constraint violation', () => {
    const alex = directory.store.userBySamAccountName('alex')!;
    updateUser(directory.store, alex.objectGUID, { attributes: { userPrincipalName: 'alex.wilber@contoso.test' } });
    assert.equal(directory.store.userByPrincipalName('alex.wilber@contoso.test')?.sAMAccountName, 'alex');
    assert.throws(() => updateUser(directory.store, alex.objectGUID, { attributes: { userPrincipalName: 'mary@contoso.test' } }), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'UPN_NOT_UNIQUE');
      assert.match(error.message, /000021C8/);
      return true;
    });
    updateUser(directory.store, alex.objectGUID, { attributes: { userPrincipalName: 'alex@contoso.test' } });
  });
});
