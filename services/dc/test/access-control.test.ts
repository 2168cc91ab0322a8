import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LabError } from '../../../shared/errors/lab-error.ts';
import { ntHash } from '../../../shared/identity/nt-hash.ts';
import type { DirectoryUser } from '../src/domain/directory/model.ts';
import type { AttributeChange } from '../src/domain/modify/attribute-change.ts';
import { planUserModification } from '../src/domain/modify/plan.ts';
import { openTestDirectory, type TestDirectory } from './support/directory.ts';

const unicodePwd = (password: string): Buffer => Buffer.from(`"${password}"`, 'utf16le');
const change = (operation: AttributeChange['operation'], type: string, values: (string | Buffer)[]): AttributeChange => ({
  operation,
  type,
  values: values.map((value) => value.toString()),
  bytes: values.map((value) => (Buffer.isBuffer(value) ? value : Buffer.from(value))),
});
const reset = (password: string): AttributeChange[] => [change('replace', 'unicodePwd', [unicodePwd(password)])];
const passwordChange = (oldPassword: string, newPassword: string): AttributeChange[] => [change('delete', 'unicodePwd', [unicodePwd(oldPassword)]), change('add', 'unicodePwd', [unicodePwd(newPassword)])];

describe('who may modify what', () => {
  let directory: TestDirectory;
  let administrator: DirectoryUser;
  let mary: DirectoryUser;
  let joe: DirectoryUser;
  before(async () => {
    directory = await openTestDirectory();
    administrator = directory.store.userBySamAccountName('Administrator')!;
    mary = directory.store.userBySamAccountName('mary')!;
    joe = directory.store.userBySamAccountName('joe')!;
  });
  after(() => directory.dispose());

  const plan = (actor: DirectoryUser, target: DirectoryUser, changes: AttributeChange[], secure = true) =>
    planUserModification({ actor: { user: actor, isDomainAdmin: directory.store.isDomainAdmin(actor) }, target, changes, secure });

  async function refusedWith(promise: Promise<unknown>, code: string, wireCode: string): Promise<void> {
    await assert.rejects(promise, (error: unknown) => error instanceof LabError && error.code === code && error.wireCode === wireCode);
  }

  it('lets Administrator reset any password over LDAPS, keeping only the new NT hash', async () => {
    assert.deepEqual(await plan(administrator, mary, reset('Reset!2026')), { ntHash: await ntHash('Reset!2026') });
  });

  it('refuses unicodePwd over plain LDAP with unwillingToPerform, even to Administrator', async () => {
    await refusedWith(plan(administrator, mary, reset('Reset!2026'), false), 'CONFIDENTIALITY_REQUIRED', '53');
  });

  it('refuses a password reset by a user who is not a Domain Admin with insufficientAccessRights', async () => {
    await refusedWith(plan(joe, mary, reset('Reset!2026')), 'INSUFFICIENT_ACCESS_RIGHTS', '50');
  });

  it('lets mary change her own password when she proves the old one', async () => {
    assert.deepEqual(await plan(mary, mary, passwordChange('Mary!Lab2026', 'Mary!New2026')), { ntHash: await ntHash('Mary!New2026') });
  });

  it('refuses a password change with a wrong old password with constraintViolation 00000056', async () => {
    await refusedWith(plan(mary, mary, passwordChange('wrong', 'Mary!New2026')), 'WRONG_OLD_PASSWORD', '19');
  });

  it('refuses a change of someone else\'s password by a user with insufficientAccessRights', async () => {
    await refusedWith(plan(joe, mary, passwordChange('Mary!Lab2026', 'Joe!Owns2026')), 'INSUFFICIENT_ACCESS_RIGHTS', '50');
  });

  it('refuses a unicodePwd value without quotes', async () => {
    await refusedWith(plan(administrator, mary, [change('replace', 'unicodePwd', [Buffer.from('Bare!2026', 'utf16le')])]), 'PASSWORD_RESTRICTION', '19');
  });

  it('lets Administrator edit userAccountControl, displayName and proxyAddresses', async () => {
    const planned = await plan(administrator, mary, [
      change('replace', 'userAccountControl', ['514']),
      change('replace', 'displayName', ['Mary Smith-Jones']),
      change('add', 'proxyAddresses', ['smtp:msmith@contoso.test']),
    ]);
    assert.deepEqual(planned, {
      attributes: { userAccountControl: 514, displayName: 'Mary Smith-Jones', proxyAddresses: ['SMTP:mary@contoso.test', 'smtp:mary@contoso.mail.onmicrosoft.test', 'smtp:msmith@contoso.test'] },
    });
  });

  it('refuses attribute edits by anyone but a Domain Admin, even of their own entry', async () => {
    await refusedWith(plan(mary, mary, [change('replace', 'displayName', ['Queen Mary'])]), 'INSUFFICIENT_ACCESS_RIGHTS', '50');
  });

  it('refuses attributes the lab does not model, and a userAccountControl without NORMAL_ACCOUNT', async () => {
    await refusedWith(plan(administrator, mary, [change('replace', 'sAMAccountName', ['marie'])]), 'UNWILLING_TO_PERFORM', '53');
    await refusedWith(plan(administrator, mary, [change('replace', 'userAccountControl', ['2'])]), 'UNWILLING_TO_PERFORM', '53');
  });

  it('refuses adding a second value to a single-valued attribute that has one', async () => {
    await refusedWith(plan(administrator, mary, [change('add', 'mail', ['m@contoso.test'])]), 'ATTRIBUTE_OR_VALUE_EXISTS', '20');
  });
});
