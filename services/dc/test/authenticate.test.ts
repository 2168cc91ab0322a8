import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LabError } from '../../../shared/errors/lab-error.ts';
import { authenticate } from '../src/domain/authenticate.ts';
import { updateUser } from '../src/domain/directory/writes.ts';
import { openTestDirectory, type TestDirectory } from './support/directory.ts';

const diagnostic = (data: string): string => `80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data ${data}, v4563`;

describe('a simple bind', () => {
  let directory: TestDirectory;
  before(async () => {
    directory = await openTestDirectory();
  });
  after(() => directory.dispose());

  async function refusal(name: string, password: string): Promise<{ code: string; wireCode: string | undefined; message: string }> {
    const error = await authenticate(directory.store, name, password).then(
      () => assert.fail(`${name} was let in`),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof LabError);
    return { code: error.code, wireCode: error.wireCode, message: error.message };
  }

  it('lets mary in with her password by UPN, down-level name and DN', async () => {
    for (const name of ['mary@contoso.test', 'CONTOSO\\mary', 'CN=Mary Smith,CN=Users,DC=contoso,DC=test']) {
      assert.equal((await authenticate(directory.store, name, 'Mary!Lab2026')).sAMAccountName, 'mary');
    }
  });

  it('refuses a wrong password with invalidCredentials and data 52e', async () => {
    assert.deepEqual(await refusal('mary@contoso.test', 'wrong'), { code: 'BAD_PASSWORD', wireCode: '49', message: diagnostic('52e') });
  });

  it('refuses an unknown user with data 525', async () => {
    assert.equal((await refusal('CONTOSO\\nobody', 'x')).message, diagnostic('525'));
  });

  it('refuses disabled eve with data 533, but only when her password is right', async () => {
    assert.equal((await refusal('eve@contoso.test', 'Eve!Lab2026')).message, diagnostic('533'));
    assert.equal((await refusal('eve@contoso.test', 'wrong')).message, diagnostic('52e'));
  });

  it('refuses pat, whose pwdLastSet is 0, with data 773', async () => {
    assert.equal((await refusal('pat@contoso.test', 'Pat!Lab2026')).message, diagnostic('773'));
  });

  it('refuses a user whose password has expired with data 532', async () => {
    const alex = directory.store.userBySamAccountName('alex')!;
    updateUser(directory.store, alex.objectGUID, { attributes: { userAccountControl: 512 | 0x800000 } });
    assert.equal((await refusal('alex@contoso.test', 'Alex!Lab2026')).message, diagnostic('532'));
  });
});
