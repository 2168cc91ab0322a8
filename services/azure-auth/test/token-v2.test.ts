import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { startAzureAuth, type TestAzureAuth } from './support/azure-auth-app.ts';
import { loginHost } from './support/browser.ts';

/**
 * The v2.0 endpoint as MSAL uses it (docs/federation.md, "MSAL for Python"): tenant
 * discovery, then `POST /<tenant>/oauth2/v2.0/token` whose `scope` names one resource.
 */
const officeClientId = 'd3590ed6-52b3-4102-aeff-aad2292ab01c';
const exchange = 'https://outlook.office365.test';
let lab: TestAzureAuth;
before(async () => {
  lab = await startAzureAuth();
});
after(() => lab.close());

function get(url: string) {
  return lab.app.inject({ method: 'GET', url, headers: { host: loginHost } });
}

function v2Token(form: Record<string, string>, tenant = 'organizations') {
  return lab.app.inject({ method: 'POST', url: `/${tenant}/oauth2/v2.0/token`, payload: new URLSearchParams(form).toString(), headers: { host: loginHost, 'content-type': 'application/x-www-form-urlencoded' } });
}

const annPassword = (scope: string) => v2Token({ grant_type: 'password', client_id: officeClientId, client_info: '1', scope, username: 'ann@contoso.onmicrosoft.test', password: 'Ann!Lab2026' });

describe('v2.0 tenant discovery', () => {
  it('names the v2.0 endpoints of the tenant, found by a verified domain, with the v2.0 issuer', async () => {
    const configuration = (await get('/contoso.onmicrosoft.test/v2.0/.well-known/openid-configuration')).json();
    assert.equal(configuration.token_endpoint, `https://${loginHost}/${lab.tenantId}/oauth2/v2.0/token`);
    assert.equal(configuration.issuer, `https://${loginHost}/${lab.tenantId}/v2.0`);
    assert.equal(configuration.jwks_uri, `https://${loginHost}/${lab.tenantId}/discovery/v2.0/keys`);
    assert.ok(configuration.grant_types_supported.includes('urn:ietf:params:oauth:grant-type:saml2-bearer'));
    const keys = (await get(`/${lab.tenantId}/discovery/v2.0/keys`)).json();
    assert.deepEqual(keys, (await get('/common/discovery/keys')).json());
  });

  it('keeps organizations in the endpoints and the {tenantid} issuer template, and refuses an unknown tenant with AADSTS90002', async () => {
    const configuration = (await get('/organizations/v2.0/.well-known/openid-configuration')).json();
    assert.equal(configuration.token_endpoint, `https://${loginHost}/organizations/oauth2/v2.0/token`);
    assert.equal(configuration.issuer, `https://${loginHost}/{tenantid}/v2.0`);
    const unknown = await get('/fabrikam.test/v2.0/.well-known/openid-configuration');
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.json().error_description, /^AADSTS90002/);
  });

  it('answers user realm discovery at /common/userrealm/, as MSAL for Python spells it', async () => {
    const lower = await get('/common/userrealm/ann@contoso.onmicrosoft.test?api-version=1.0');
    assert.equal(lower.statusCode, 200);
    assert.deepEqual(lower.json(), (await get('/common/UserRealm/ann@contoso.onmicrosoft.test?api-version=1.0')).json());
  });
});

describe('the v2.0 token endpoint', () => {
  it('gives Ann a v1 access token for the resource her scope names, a v2 id_token and client_info, but no refresh token', async () => {
    const response = await annPassword(`${exchange}/.default openid profile offline_access`);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.scope, `${exchange}/EWS.AccessAsUser.All openid profile`);
    assert.equal(typeof body.expires_in, 'number');
    assert.equal(body.refresh_token, undefined);
    const access = decodeJwt(body.access_token);
    assert.deepEqual({ aud: access.aud, scp: access.scp, upn: access.upn, ver: access.ver, iss: access.iss }, { aud: exchange, scp: 'EWS.AccessAsUser.All', upn: 'ann@contoso.onmicrosoft.test', ver: '1.0', iss: `https://sts.windows.test/${lab.tenantId}/` });
    const id = decodeJwt(body.id_token);
    assert.deepEqual({ aud: id.aud, ver: id.ver, preferred_username: id.preferred_username, oid: id.oid }, { aud: officeClientId, ver: '2.0', preferred_username: 'ann@contoso.onmicrosoft.test', oid: access.oid });
    assert.deepEqual(JSON.parse(Buffer.from(body.client_info, 'base64url').toString('utf8')), { uid: access.oid, utid: lab.tenantId });
  });

  it('makes the audience the resource as written: Exchange Online’s application id', async () => {
    const response = await annPassword('00000002-0000-0ff1-ce00-000000000000/EWS.AccessAsUser.All');
    assert.equal(decodeJwt(response.json().access_token).aud, '00000002-0000-0ff1-ce00-000000000000');
    assert.equal(response.json().id_token, undefined, 'no id_token without openid');
  });

  const refusals = [
    { scope: 'https://graph.microsoft.test/User.Read', error: 'invalid_resource', code: /^AADSTS500011: The resource principal named https:\/\/graph\.microsoft\.test was not found/ },
    { scope: `${exchange}/EWS.AccessAsUser.All https://adminwebservice.microsoftonline.test/.default`, error: 'invalid_resource', code: /^AADSTS500011/ },
    { scope: `${exchange}/EWS.AccessAsUser.All 00000002-0000-0ff1-ce00-000000000000/Mail.Read`, error: 'invalid_scope', code: /^AADSTS65005: .*'Mail\.Read'/ },
    { scope: 'openid profile', error: 'invalid_scope', code: /^AADSTS70011: .*asks for no resource/ },
    { scope: `${exchange}/.default ${exchange}/EWS.AccessAsUser.All`, error: 'invalid_scope', code: /^AADSTS70011: .*'\.default' cannot be combined/ },
    { scope: 'EWS.AccessAsUser.All', error: 'invalid_scope', code: /^AADSTS70011: .*names no resource/ },
  ];
  for (const { scope, error, code } of refusals) {
    it(`refuses scope "${scope}" with ${error}`, async () => {
      const response = await annPassword(scope);
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().error, error);
      assert.match(response.json().error_description, code);
    });
  }

  it('takes Exchange Online’s URI and application id in one request as the one resource they name', async () => {
    const response = await annPassword(`${exchange}/EWS.AccessAsUser.All 00000002-0000-0ff1-ce00-000000000000/EWS.AccessAsUser.All`);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(decodeJwt(response.json().access_token).aud, exchange);
  });

  it('checks the scope before the password, so a bad scope costs no sign-in attempt', async () => {
    const response = await v2Token({ grant_type: 'password', client_id: officeClientId, scope: 'openid', username: 'ann@contoso.onmicrosoft.test', password: 'wrong' });
    assert.match(response.json().error_description, /^AADSTS70011/);
    const missing = await v2Token({ grant_type: 'password', client_id: officeClientId, username: 'ann@contoso.onmicrosoft.test', password: 'wrong' });
    assert.match(missing.json().error_description, /^AADSTS900144: .*'scope'/);
  });

  it('refuses a wrong password with AADSTS50126 and a grant it does not take with AADSTS70003', async () => {
    const wrong = await v2Token({ grant_type: 'password', client_id: officeClientId, scope: `${exchange}/.default`, username: 'ann@contoso.onmicrosoft.test', password: 'wrong' });
    assert.match(wrong.json().error_description, /^AADSTS50126/);
    const unsupported = await v2Token({ grant_type: 'client_credentials', client_id: officeClientId, scope: `${exchange}/.default` });
    assert.equal(unsupported.json().error, 'unsupported_grant_type');
  });
});
