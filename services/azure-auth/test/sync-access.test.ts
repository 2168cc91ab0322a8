import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminWebServiceHost } from './support/browser.ts';
import { callApi, graphResource, syncResource, syncToken } from './support/apis.ts';
import { startAzureAuth, type TestAzureAuth } from './support/azure-auth-app.ts';
import { accessToken } from './support/tokens.ts';

let lab: TestAzureAuth;
before(async () => {
  lab = await startAzureAuth();
});
after(() => lab.close());

function objects(token: string | undefined, host = adminWebServiceHost, tenant = lab.tenantId) {
  return callApi(lab.app, { method: 'POST', url: `/${tenant}/directorysync/objects`, token, body: { objects: [] }, host });
}

describe('who may call the directory sync web service', () => {
  it('lets the sync account in', async () => {
    const response = await objects(await syncToken(lab));
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { results: [] });
  });

  it('answers 403 to a valid token of a user without the DirectorySynchronizationAccounts role, even a global admin', async () => {
    for (const [user, password] of [['admin@contoso.onmicrosoft.test', 'Admin!Lab2026'], ['ann@contoso.onmicrosoft.test', 'Ann!Lab2026']] as const) {
      const response = await objects(await accessToken(lab.app, user, password, syncResource));
      assert.equal(response.statusCode, 403);
      assert.equal((response.json() as { error: string }).error, 'ACCESS_DENIED');
    }
  });

  it('answers 401 with a Bearer challenge without a token, or with a token for another resource', async () => {
    const missing = await objects(undefined);
    assert.equal(missing.statusCode, 401);
    assert.match(String(missing.headers['www-authenticate']), /^Bearer /);
    const graphToken = await accessToken(lab.app, 'sync_dirsync@contoso.onmicrosoft.test', 'Sync!Lab2026', graphResource);
    const wrongAudience = await objects(graphToken);
    assert.equal(wrongAudience.statusCode, 401);
    assert.equal((wrongAudience.json() as { error: string }).error, 'TOKEN_CLAIM_AUD');
  });

  it('refuses an expired token', async () => {
    const token = await syncToken(lab);
    lab.clock.advance(3600 + 301);
    assert.equal((await objects(token)).statusCode, 401);
  });

  it('exists on adminwebservice.microsoftonline.test only', async () => {
    const token = await syncToken(lab);
    assert.equal((await objects(token, 'login.microsoftonline.test')).statusCode, 404);
    assert.equal((await objects(token, 'nexus.microsoftonline-p.test')).statusCode, 404);
  });

  it('answers 404 for another tenant id', async () => {
    assert.equal((await objects(await syncToken(lab), adminWebServiceHost, '00000000-0000-0000-0000-000000000000')).statusCode, 404);
  });

  it('refuses a body without objects as a bad request in JSON', async () => {
    const response = await callApi(lab.app, { method: 'POST', url: `/${lab.tenantId}/directorysync/objects`, token: await syncToken(lab), body: { users: [] }, host: adminWebServiceHost });
    assert.equal(response.statusCode, 400);
    assert.match(response.headers['content-type'] as string, /application\/json/);
  });
});
