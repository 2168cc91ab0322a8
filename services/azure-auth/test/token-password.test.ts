import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { loginHost } from './support/browser.ts';
import { startAzureAuth, type TestAzureAuth } from './support/azure-auth-app.ts';
import { cliClientId, passwordGrant, tokenRequest } from './support/tokens.ts';

let lab: TestAzureAuth;
before(async () => {
  lab = await startAzureAuth();
});
after(() => lab.close());

function description(response: { json(): unknown }): string {
  return (response.json() as { error_description: string }).error_description;
}

describe('the password grant', () => {
  it("gives the sync account a token for the sync web service, naming its role in wids", async () => {
    const response = await passwordGrant(lab.app, 'sync_dirsync@contoso.onmicrosoft.test', 'Sync!Lab2026', 'https://adminwebservice.microsoftonline.test');
    assert.equal(response.statusCode, 200);
    const claims = decodeJwt((response.json() as { access_token: string }).access_token);
    assert.equal(claims.aud, 'https://adminwebservice.microsoftonline.test');
    assert.equal(claims.appid, cliClientId);
    assert.deepEqual(claims.wids, ['d29b2b05-8046-44ba-8758-1e26182fcf32']);
    assert.equal((response.json() as { id_token?: string }).id_token, undefined, 'no id_token without scope=openid');
  });

  it('adds an id_token when scope includes openid', async () => {
    const response = await tokenRequest(lab.app, { grant_type: 'password', client_id: cliClientId, resource: 'https://graph.microsoft.test', scope: 'openid', username: 'ann@contoso.onmicrosoft.test', password: 'Ann!Lab2026' });
    assert.equal(decodeJwt((response.json() as { id_token: string }).id_token).aud, cliClientId);
  });

  it('refuses an unknown user (AADSTS50034)', async () => {
    const response = await passwordGrant(lab.app, 'nobody@contoso.onmicrosoft.test', 'x', 'https://graph.microsoft.test');
    assert.equal(response.statusCode, 400);
    assert.equal((response.json() as { error: string }).error, 'invalid_grant');
    assert.match(description(response), /^AADSTS50034: /);
  });

  it('refuses a wrong password (AADSTS50126)', async () => {
    assert.match(description(await passwordGrant(lab.app, 'ann@contoso.onmicrosoft.test', 'nope', 'https://graph.microsoft.test')), /^AADSTS50126: /);
  });

  it('answers a federated user with invalid_grant, AADSTS50126 wording and a note that AD FS sign-in is not configured', async () => {
    const response = await passwordGrant(lab.app, 'mary@contoso.test', 'Mary!Lab2026', 'https://graph.microsoft.test');
    assert.equal((response.json() as { error: string }).error, 'invalid_grant');
    assert.match(description(response), /^AADSTS50126: Error validating credentials due to invalid username or password\. Note: contoso\.test is a federated domain/);
    assert.match(description(response), /AD FS sign-in \(WS-Trust\) is not yet configured/);
  });

  it('requires resource, client_id, username and password', async () => {
    for (const name of ['resource', 'client_id', 'username', 'password']) {
      const form: Record<string, string> = { grant_type: 'password', client_id: cliClientId, resource: 'https://graph.microsoft.test', username: 'ann@contoso.onmicrosoft.test', password: 'Ann!Lab2026' };
      delete form[name];
      assert.match(description(await tokenRequest(lab.app, form)), new RegExp(`^AADSTS900144: .*'${name}'`));
    }
  });

  it('takes the tenant id or common in the path, and refuses another tenant', async () => {
    const form = { grant_type: 'password', client_id: cliClientId, resource: 'https://graph.microsoft.test', username: 'ann@contoso.onmicrosoft.test', password: 'Ann!Lab2026' };
    assert.equal((await tokenRequest(lab.app, form, lab.tenantId)).statusCode, 200);
    assert.match(description(await tokenRequest(lab.app, form, '00000000-0000-0000-0000-000000000000')), /^AADSTS90002: /);
  });
});

describe('the metadata', () => {
  it('publishes the OpenID configuration of the tenant, with its issuer and endpoints', async () => {
    const response = await lab.app.inject({ method: 'GET', url: `/${lab.tenantId}/.well-known/openid-configuration`, headers: { host: loginHost } });
    const metadata = response.json() as Record<string, string>;
    assert.equal(metadata.issuer, `https://sts.windows.test/${lab.tenantId}/`);
    assert.equal(metadata.authorization_endpoint, `https://login.microsoftonline.test/${lab.tenantId}/oauth2/authorize`);
    assert.equal(metadata.token_endpoint, `https://login.microsoftonline.test/${lab.tenantId}/oauth2/token`);
    assert.equal(metadata.jwks_uri, 'https://login.microsoftonline.test/common/discovery/keys');
  });

  it('publishes the common configuration with the {tenantid} issuer template', async () => {
    const response = await lab.app.inject({ method: 'GET', url: '/common/.well-known/openid-configuration', headers: { host: loginHost } });
    const metadata = response.json() as Record<string, string>;
    assert.equal(metadata.issuer, 'https://sts.windows.test/{tenantid}/');
    assert.equal(metadata.token_endpoint, 'https://login.microsoftonline.test/common/oauth2/token');
  });

  it('serves metadata and keys on login.microsoftonline.test only', async () => {
    const response = await lab.app.inject({ method: 'GET', url: '/common/discovery/keys', headers: { host: 'nexus.microsoftonline-p.test' } });
    assert.equal(response.statusCode, 404);
  });
});
