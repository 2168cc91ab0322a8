import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createOnpremTestBed, mary, post, type OnpremTestBed } from './support/onprem-test-bed.ts';
import { getFederationInformation, getUserSettings, poxRequest, texts } from '../../../test/support/exchange-requests.ts';

const svc = '/autodiscover/autodiscover.svc';

describe('exchange-onprem Autodiscover', () => {
  let bed: OnpremTestBed;
  before(async () => {
    bed = await createOnpremTestBed();
  });
  after(() => bed.dispose());

  it("POX gives an on-premises mailbox Outlook's settings with this Exchange's EWS URL", async () => {
    const response = await post(bed.app, '/autodiscover/autodiscover.xml', poxRequest('alex@contoso.test'), mary);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(texts(response.body, '', 'Action'), ['settings']);
    assert.deepEqual(texts(response.body, '', 'EwsUrl'), ['https://mail.contoso.test/EWS/Exchange.asmx']);
    assert.equal(texts(response.body, '', 'MicrosoftOnline').length, 0);
  });

  it('POX redirects a user whose mailbox is in the cloud to the cloud routing address (Outlook and mobile schemas)', async () => {
    const outlook = await post(bed.app, '/autodiscover/autodiscover.xml', poxRequest('joe@contoso.test'), mary);
    assert.deepEqual(texts(outlook.body, '', 'Action'), ['redirectAddr']);
    assert.deepEqual(texts(outlook.body, '', 'RedirectAddr'), ['joe@contoso.mail.onmicrosoft.test']);
    const mobile = await post(
      bed.app,
      '/autodiscover/autodiscover.xml',
      poxRequest('sam@litware.test', 'http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006', 'http://schemas.microsoft.com/exchange/autodiscover/mobilesync/requestschema/2006'),
      mary,
    );
    assert.deepEqual(texts(mobile.body, '', 'Redirect'), ['sam@contoso.mail.onmicrosoft.test']);
  });

  it('POX answers ErrorCode 500 for an address nobody has, and 401 without credentials', async () => {
    assert.deepEqual(texts((await post(bed.app, '/autodiscover/autodiscover.xml', poxRequest('nobody@contoso.test'), mary)).body, '', 'ErrorCode'), ['500']);
    assert.equal((await post(bed.app, '/autodiscover/autodiscover.xml', poxRequest('alex@contoso.test'))).statusCode, 401);
  });

  it('an anonymous GET of autodiscover.xml advertises SOAP, WS-Security and OAuth', async () => {
    const response = await bed.app.inject({ method: 'GET', url: '/autodiscover/autodiscover.xml', headers: { host: 'autodiscover.contoso.test' } });
    assert.equal(response.headers['x-soap-enabled'], 'True');
    assert.equal(response.headers['x-wssecurity-enabled'], 'True');
    assert.equal(response.headers['x-oauth-enabled'], 'True');
    assert.deepEqual(texts(response.body, '', 'ErrorCode'), ['600']);
  });

  it('GetUserSettings answers the settings asked for, InvalidSetting for unknown ones, RedirectAddress and InvalidUser per user', async () => {
    const response = await post(bed.app, svc, getUserSettings(['alex@contoso.test', 'joe@contoso.test', 'nobody@contoso.test'], ['UserDisplayName', 'ExternalEwsUrl', 'NoSuchSetting']), mary);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(texts(response.body, '', 'ErrorCode'), ['NoError', 'NoError', 'InvalidSetting', 'RedirectAddress', 'InvalidUser']);
    assert.deepEqual(texts(response.body, '', 'Value'), ['Alex Wilber', 'https://mail.contoso.test/EWS/Exchange.asmx']);
    assert.deepEqual(texts(response.body, '', 'RedirectTarget').filter(Boolean), ['joe@contoso.mail.onmicrosoft.test']);
  });

  it('GetUserSettings needs credentials (401 with the challenges); a request without users is InvalidRequest', async () => {
    const anonymous = await post(bed.app, svc, getUserSettings(['alex@contoso.test'], ['UserDisplayName']));
    assert.equal(anonymous.statusCode, 401);
    assert.deepEqual(anonymous.headers['www-authenticate'], ['Negotiate', 'NTLM', 'Basic Realm=""']);
    const empty = await post(bed.app, svc, getUserSettings([], ['UserDisplayName']), mary);
    assert.deepEqual(texts(empty.body, '', 'ErrorCode'), ['InvalidRequest']);
  });

  it('GetFederationInformation answers anonymously with the OrgID ApplicationUri, domains and token issuer; InvalidDomain otherwise', async () => {
    const response = await post(bed.app, svc, getFederationInformation('contoso.test'));
    assert.equal(response.statusCode, 200);
    assert.deepEqual(texts(response.body, '', 'ErrorCode'), ['NoError']);
    assert.deepEqual(texts(response.body, '', 'ApplicationUri'), ['FYDIBOHF25SPDLT.contoso.test']);
    assert.deepEqual(texts(response.body, '', 'Domain'), ['contoso.test', 'litware.test']);
    assert.deepEqual(texts(response.body, '', 'Uri'), ['urn:federation:MicrosoftOnline']);
    assert.deepEqual(texts((await post(bed.app, svc, getFederationInformation('fabrikam.test'))).body, '', 'ErrorCode'), ['InvalidDomain']);
  });

  it('faults SOAP it cannot read: not XML, an unknown action, and the WSSecurity variant', async () => {
    assert.match((await post(bed.app, svc, 'not xml')).body, /s:Client.*not well-formed/s);
    const unknown = await post(bed.app, svc, getFederationInformation('contoso.test').replaceAll('GetFederationInformation', 'GetDomainSettings'));
    assert.equal(unknown.statusCode, 500);
    assert.match(unknown.body, /a:ActionNotSupported/);
    assert.match((await post(bed.app, `${svc}/WSSecurity`, getFederationInformation('contoso.test'))).body, /processing the security tokens in the message/);
  });

  it('publishes the auth metadata with the Exchange principal at the realm and the on-premises Auth certificate', async () => {
    const response = await bed.app.inject({ method: 'GET', url: '/autodiscover/metadata/json/1', headers: { host: 'autodiscover.contoso.test' } });
    const metadata = response.json();
    assert.equal(metadata.issuer, '00000002-0000-0ff1-ce00-000000000000@7a1c0f2e-5d4b-4c3a-9e8f-1b2c3d4e5f60');
    const der = new X509Certificate(bed.authCertificatePem).raw;
    assert.deepEqual(metadata.keys, [{ usage: 'signing', keyInfo: { x5t: createHash('sha1').update(der).digest('base64url') }, keyValue: { type: 'x509Certificate', value: der.toString('base64') } }]);
  });
});
