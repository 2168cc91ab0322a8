import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminToken, callApi, createCloudUser, graphResource, type ListedUser } from './support/apis.ts';
import { Browser, formFields, signIn } from './support/browser.ts';
import { startAzureAuth, type TestAzureAuth } from './support/azure-auth-app.ts';
import { accessToken } from './support/tokens.ts';

let lab: TestAzureAuth;
let admin: string;
before(async () => {
  lab = await startAzureAuth();
  admin = await adminToken(lab);
});
after(() => lab.close());

async function listUsers(token: string): Promise<ListedUser[]> {
  return ((await callApi(lab.app, { method: 'GET', url: `/${lab.tenantId}/admin/users`, token })).json() as { users: ListedUser[] }).users;
}

describe('tenant admin: cloud users', () => {
  it('lists the seeded users without credentials', async () => {
    const users = await listUsers(admin);
    assert.deepEqual(users.map((user) => user.userPrincipalName).sort(), ['admin@contoso.onmicrosoft.test', 'ann@contoso.onmicrosoft.test', 'sync_dirsync@contoso.onmicrosoft.test']);
    assert.deepEqual(users.find((user) => user.userPrincipalName.startsWith('ann'))?.proxyAddresses, ['SMTP:ann@contoso.onmicrosoft.test']);
    assert.doesNotMatch(JSON.stringify(users), /PPH1_MD4|credential/);
  });

  it('creates a cloud user who can then sign in with the password given', async () => {
    const response = await createCloudUser(lab, admin, { userPrincipalName: 'nina@contoso.onmicrosoft.test', displayName: 'Nina New', password: 'Nina!Lab2026', mail: 'nina@contoso.onmicrosoft.test' });
    assert.equal(response.statusCode, 201);
    const created = response.json() as ListedUser;
    assert.equal(created.onPremisesSyncEnabled, false);
    assert.equal(created.immutableId, null);
    assert.deepEqual(created.proxyAddresses, ['SMTP:nina@contoso.onmicrosoft.test']);
    assert.ok((await listUsers(admin)).some((user) => user.objectId === created.objectId));
    assert.ok(formFields((await signIn(new Browser(lab.app), 'nina@contoso.onmicrosoft.test', 'Nina!Lab2026')).body).code);
  });

  it('refuses a UPN that is taken (409), unverified or federated (400), and a weak password (400)', async () => {
    const cases: [Record<string, string>, number, string][] = [
      [{ userPrincipalName: 'ANN@contoso.onmicrosoft.test', displayName: 'Dup', password: 'Dup!Lab2026' }, 409, 'OBJECT_CONFLICT'],
      [{ userPrincipalName: 'x@fabrikam.test', displayName: 'X', password: 'X!Lab20261' }, 400, 'DOMAIN_NOT_VERIFIED'],
      [{ userPrincipalName: 'x@contoso.test', displayName: 'X', password: 'X!Lab20261' }, 400, 'DOMAIN_FEDERATED'],
      [{ userPrincipalName: 'weak@litware.test', displayName: 'Weak', password: 'password' }, 400, 'PASSWORD_POLICY'],
      [{ userPrincipalName: 'nameless@litware.test', password: 'Name!Lab2026' }, 400, 'VALIDATION'],
    ];
    for (const [body, status, code] of cases) {
      const response = await createCloudUser(lab, admin, body);
      assert.equal(response.statusCode, status, `${body.userPrincipalName}: ${response.body}`);
      assert.equal((response.json() as { error: string }).error, code);
    }
  });

  it('answers 403 to a user who is not a Global Administrator', async () => {
    const ann = await accessToken(lab.app, 'ann@contoso.onmicrosoft.test', 'Ann!Lab2026', graphResource);
    assert.equal((await callApi(lab.app, { method: 'GET', url: `/${lab.tenantId}/admin/users`, token: ann })).statusCode, 403);
    assert.equal((await createCloudUser(lab, ann, { userPrincipalName: 'sneaky@litware.test', displayName: 'S', password: 'Sneaky!2026' })).statusCode, 403);
  });

  it('answers 401 without a token and 404 on the sync host', async () => {
    assert.equal((await callApi(lab.app, { method: 'GET', url: `/${lab.tenantId}/admin/users` })).statusCode, 401);
    assert.equal((await callApi(lab.app, { method: 'GET', url: `/${lab.tenantId}/admin/users`, token: admin, host: 'adminwebservice.microsoftonline.test' })).statusCode, 404);
  });
});
