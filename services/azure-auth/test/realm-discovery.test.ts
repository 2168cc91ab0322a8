import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { loadKeyPair } from '../../../shared/pki/index.ts';
import { adminToken, callApi } from './support/apis.ts';
import { startAzureAuth, type TestAzureAuth } from './support/azure-auth-app.ts';

/** Home-realm discovery (client-flows §2.1) and the federation settings behind it (§2.5). */
let lab: TestAzureAuth;
let admin: string;
let signingCertificate: string;
const fs = 'https://fs.contoso.test';
const settings = () => ({
  IssuerUri: 'http://fs.contoso.test/adfs/services/trust',
  PassiveLogOnUri: `${fs}/adfs/ls/`,
  ActiveLogOnUri: `${fs}/adfs/services/trust/2005/usernamemixed`,
  MetadataExchangeUri: `${fs}/adfs/services/trust/mex`,
  LogOffUri: `${fs}/adfs/ls/`,
  SigningCertificate: signingCertificate,
});
const federate = (body: object, token = admin) => callApi(lab.app, { method: 'POST', url: `/${lab.tenantId}/admin/domains/contoso.test/federation`, token, body });

before(async () => {
  lab = await startAzureAuth();
  admin = await adminToken(lab);
  signingCertificate = new X509Certificate(loadKeyPair(lab.certsDir, 'signing/adfs-token-signing').certPem).raw.toString('base64');
});
after(() => lab.close());

describe('home-realm discovery before the domain is federated', () => {
  it('answers Managed for litware.test and Unknown for a domain the tenant does not have', async () => {
    const managed = (await callApi(lab.app, { method: 'GET', url: '/common/UserRealm/sam@litware.test?api-version=1.0' })).json();
    assert.deepEqual(managed, { ver: '1.0', account_type: 'Managed', domain_name: 'litware.test', cloud_instance_name: 'microsoftonline.test', cloud_audience_urn: 'urn:federation:MicrosoftOnline' });
    const unknown = (await callApi(lab.app, { method: 'GET', url: '/common/UserRealm/someone@fabrikam.test?api-version=1.0' })).json();
    assert.equal(unknown.account_type, 'Unknown');
  });

  it('says Federated for contoso.test but offers no endpoints until AD FS registers', async () => {
    const realm = (await callApi(lab.app, { method: 'GET', url: '/common/UserRealm/mary@contoso.test?api-version=1.0' })).json();
    assert.equal(realm.account_type, 'Federated');
    assert.equal(realm.federation_active_auth_url, undefined);
  });
});

describe('federation settings (Convert-MsolDomainToFederated)', () => {
  it('refuses a non-https endpoint and an unreadable certificate with the field named', async () => {
    const plain = await federate({ ...settings(), ActiveLogOnUri: 'http://fs.contoso.test/adfs/services/trust/2005/usernamemixed' });
    assert.equal(plain.statusCode, 400);
    assert.match(plain.json().message, /ActiveLogOnUri must be an https URL/);
    const badCert = await federate({ ...settings(), SigningCertificate: 'bm90IGEgY2VydA==' });
    assert.match(badCert.json().message, /SigningCertificate is not a base64 DER X\.509 certificate/);
  });

  it('refuses a caller who is not a Global Administrator, and the initial domain', async () => {
    const refused = await callApi(lab.app, { method: 'POST', url: `/${lab.tenantId}/admin/domains/contoso.test/federation`, body: settings() });
    assert.equal(refused.statusCode, 401);
    const initial = await callApi(lab.app, { method: 'POST', url: `/${lab.tenantId}/admin/domains/contoso.onmicrosoft.test/federation`, token: admin, body: settings() });
    assert.equal(initial.json().error, 'DOMAIN_NOT_FEDERATABLE');
  });

  it('stores the settings, with defaults, and shows them back like Get-MsolDomainFederationSettings', async () => {
    assert.equal((await federate(settings())).statusCode, 200);
    const shown = (await callApi(lab.app, { method: 'GET', url: `/${lab.tenantId}/admin/domains/contoso.test/federation`, token: admin })).json();
    assert.deepEqual(shown, { domain: 'contoso.test', ...settings(), PreferredAuthenticationProtocol: 'WsFed', PromptLoginBehavior: 'TranslateToFreshPasswordAuth', FederationBrandName: 'Contoso', NextSigningCertificate: null });
  });
});

describe('home-realm discovery once contoso.test is federated', () => {
  before(async () => {
    await federate(settings());
  });

  it('gives ADAL its WS-Trust endpoints (UserRealm 1.0)', async () => {
    const realm = (await callApi(lab.app, { method: 'GET', url: '/common/UserRealm/joe%40contoso.test?api-version=1.0' })).json();
    assert.equal(realm.federation_protocol, 'WSTrust');
    assert.equal(realm.federation_metadata_url, `${fs}/adfs/services/trust/mex`);
    assert.equal(realm.federation_active_auth_url, `${fs}/adfs/services/trust/2005/usernamemixed`);
  });

  it('gives the passive AuthURL with the user name and the Office 365 realm (UserRealm 2.0)', async () => {
    const realm = (await callApi(lab.app, { method: 'GET', url: '/common/UserRealm/joe@contoso.test?api-version=2.0' })).json();
    assert.equal(realm.NameSpaceType, 'Federated');
    assert.equal(realm.AuthURL, `${fs}/adfs/ls/?username=joe%40contoso.test&wa=wsignin1.0&wtrealm=urn%3Afederation%3AMicrosoftOnline&wctx=`);
  });

  it('answers GetUserRealm.srf as JSON and, for Exchange, as RealmInfo XML with STSAuthURL', async () => {
    const json = (await callApi(lab.app, { method: 'GET', url: '/GetUserRealm.srf?login=joe@contoso.test' })).json();
    assert.deepEqual({ State: json.State, NameSpaceType: json.NameSpaceType }, { State: 3, NameSpaceType: 'Federated' });
    const xml = await lab.app.inject({ method: 'POST', url: '/GetUserRealm.srf', headers: { host: 'login.microsoftonline.test', 'content-type': 'application/x-www-form-urlencoded' }, payload: 'login=joe%40contoso.test&xml=1' });
    assert.match(String(xml.headers['content-type']), /^text\/xml/);
    assert.match(xml.body, /<State>3<\/State>/);
    assert.match(xml.body, /<STSAuthURL>https:\/\/fs\.contoso\.test\/adfs\/services\/trust\/2005\/usernamemixed<\/STSAuthURL>/);
    assert.match(xml.body, /<PreferredProtocol>1<\/PreferredProtocol>/);
  });

  it('tells the sign-in page to redirect a federated user (GetCredentialType PrefCredential 4)', async () => {
    const answer = (await callApi(lab.app, { method: 'POST', url: '/common/GetCredentialType', body: { username: 'joe@contoso.test' } })).json();
    assert.equal(answer.Credentials.PrefCredential, 4);
    assert.match(answer.Credentials.FederationRedirectUrl, /^https:\/\/fs\.contoso\.test\/adfs\/ls\/\?username=joe%40contoso\.test&wa=wsignin1\.0/);
    assert.equal(answer.EstsProperties.DomainType, 4);
    const managed = (await callApi(lab.app, { method: 'POST', url: '/common/GetCredentialType', body: { username: 'ann@contoso.onmicrosoft.test' } })).json();
    assert.deepEqual({ pref: managed.Credentials.PrefCredential, exists: managed.IfExistsResult, type: managed.EstsProperties.DomainType }, { pref: 1, exists: 0, type: 3 });
  });

  it('refuses a GetUserRealm.srf without a login with the OAuth error shape', async () => {
    const response = await callApi(lab.app, { method: 'GET', url: '/GetUserRealm.srf' });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error, 'invalid_request');
  });
});
