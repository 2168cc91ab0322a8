import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTenantDatabase } from '../src/domain/schema.ts';
import { UserStore } from '../src/domain/users.ts';
import { Browser, authorizeUrl, formFields, signIn } from './support/browser.ts';
import { startAzureAuth, type TestAzureAuth } from './support/azure-auth-app.ts';

let lab: TestAzureAuth;
before(async () => {
  lab = await startAzureAuth();
});
after(() => lab.close());

async function submitUsername(login: string) {
  const browser = new Browser(lab.app);
  const { canary } = formFields((await browser.get(authorizeUrl())).body);
  return browser.post('/common/login', { step: 'username', canary: canary!, login });
}

/** Changes a user straight in the database, as an administrator's tool would. */
function editUser(userPrincipalName: string, change: (user: NonNullable<ReturnType<UserStore['byUserPrincipalName']>>) => Parameters<UserStore['save']>[0]): void {
  const database = openTenantDatabase(lab.stateDir);
  try {
    const users = new UserStore(database);
    users.save(change(users.byUserPrincipalName(userPrincipalName)!));
  } finally {
    database.close();
  }
}

describe('the sign-in pages say clearly what went wrong', () => {
  it('says an unknown user does not exist (AADSTS50034) and keeps what was typed', async () => {
    const page = await submitUsername('nobody@contoso.onmicrosoft.test');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /We couldn&#39;t find an account with that username/);
    assert.match(page.body, /Error code: AADSTS50034/);
    assert.match(page.body, /name="login" value="nobody@contoso\.onmicrosoft\.test"/);
  });

  it('asks for a username when none was typed', async () => {
    assert.match((await submitUsername('  ')).body, /Enter a valid email address\./);
  });

  it('says a wrong password is wrong (AADSTS50126) on the password page', async () => {
    const page = await signIn(new Browser(lab.app), 'ann@contoso.onmicrosoft.test', 'not-it');
    assert.match(page.body, /Your account or password is incorrect/);
    assert.match(page.body, /Error code: AADSTS50126/);
    assert.match(page.body, /name="passwd"/);
  });

  it('asks for the password when the field was left empty', async () => {
    const page = await signIn(new Browser(lab.app), 'ann@contoso.onmicrosoft.test', '');
    assert.match(page.body, /Please enter your password\./);
  });

  it('tells a federated user that the domain is federated and AD FS sign-in is not yet configured, without a password field', async () => {
    const page = await submitUsername('joe@contoso.test');
    assert.match(page.body, /contoso\.test is a federated domain/);
    assert.match(page.body, /AD FS sign-in is not yet configured in this lab/);
    assert.doesNotMatch(page.body, /name="passwd"/);
    assert.doesNotMatch(page.body, /name="code"/);
  });

  it('says a disabled account is disabled (AADSTS50057) once the password is right', async () => {
    editUser('ann@contoso.onmicrosoft.test', (user) => ({ ...user, accountEnabled: false }));
    try {
      const page = await signIn(new Browser(lab.app), 'ann@contoso.onmicrosoft.test', 'Ann!Lab2026');
      assert.match(page.body, /Your account has been disabled/);
      assert.match(page.body, /AADSTS50057/);
      const wrong = await signIn(new Browser(lab.app), 'ann@contoso.onmicrosoft.test', 'wrong');
      assert.match(wrong.body, /AADSTS50126/, 'a wrong password does not learn that the account is disabled');
    } finally {
      editUser('ann@contoso.onmicrosoft.test', (user) => ({ ...user, accountEnabled: true }));
    }
  });

  it('says an expired cloud password has expired (AADSTS50055)', async () => {
    editUser('ann@contoso.onmicrosoft.test', (user) => ({ ...user, passwordExpiresAt: lab.clock.now().getTime() }));
    try {
      const page = await signIn(new Browser(lab.app), 'ann@contoso.onmicrosoft.test', 'Ann!Lab2026');
      assert.match(page.body, /Your password has expired/);
      assert.match(page.body, /AADSTS50055/);
    } finally {
      editUser('ann@contoso.onmicrosoft.test', (user) => ({ ...user, passwordExpiresAt: null }));
    }
  });

  it('escapes whatever the user typed', async () => {
    const page = await submitUsername('<script>alert(1)</script>@x.test');
    assert.doesNotMatch(page.body, /<script>alert/);
    assert.match(page.body, /&#60;script&#62;alert\(1\)&#60;\/script&#62;@x\.test/);
  });
});
