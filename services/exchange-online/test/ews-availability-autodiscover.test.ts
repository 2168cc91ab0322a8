import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { availabilityRequest, getFederationInformation, getUserSettings, ns, poxRequest, texts } from '../../../test/support/exchange-requests.ts';
import { createClientAccessTestBed, ews, joe, type ClientAccessTestBed } from './support/client-access-test-bed.ts';

function post(bed: ClientAccessTestBed, url: string, payload: string, authorization?: string) {
  return bed.app.inject({ method: 'POST', url, headers: { host: 'outlook.office365.test', 'content-type': 'text/xml; charset=utf-8', ...(authorization ? { authorization } : {}) }, payload });
}

describe('exchange-online GetUserAvailability and Autodiscover for the hybrid', () => {
  let bed: ClientAccessTestBed;
  before(async () => {
    bed = await createClientAccessTestBed();
  });
  after(() => bed.dispose());

  it("gives Joe (Basic) Sam's and Ann's busy times under their Default AvailabilityOnly, an on-premises mailbox ErrorAvailabilityConfigNotFound before the hybrid is configured, and an unknown address ErrorMailRecipientNotFound", async () => {
    const response = await ews(bed.app, joe, availabilityRequest(['sam@litware.test', 'ann@contoso.onmicrosoft.test', 'mary@contoso.test', 'nobody@contoso.test']));
    assert.equal(response.statusCode, 200);
    assert.deepEqual(texts(response.body, ns.messages, 'ResponseCode'), ['NoError', 'NoError', 'ErrorAvailabilityConfigNotFound', 'ErrorMailRecipientNotFound']);
    assert.deepEqual(texts(response.body, ns.types, 'FreeBusyViewType'), ['FreeBusyMerged', 'FreeBusyMerged', 'None', 'None']);
    assert.deepEqual(texts(response.body, ns.types, 'StartTime'), ['2026-03-02T10:30:00', '2026-03-02T11:00:00']);
    assert.equal(texts(response.body, ns.types, 'Subject').length, 0);
  });

  it('shows Joe his own calendar in detail', async () => {
    const response = await ews(bed.app, joe, availabilityRequest(['joe@contoso.test'], 'Detailed'));
    assert.deepEqual(texts(response.body, ns.types, 'Subject'), ['Budget review', 'Lunch with Sam']);
  });

  it('POX redirects an on-premises mailbox to its on-premises address', async () => {
    const response = await post(bed, '/autodiscover/autodiscover.xml', poxRequest('mary@contoso.test'), joe);
    assert.deepEqual(texts(response.body, '', 'RedirectAddr'), ['mary@contoso.test']);
  });

  it('GetUserSettings gives the cloud EWS URL; GetFederationInformation answers anonymously with outlook.test', async () => {
    const settings = await post(bed, '/autodiscover/autodiscover.svc', getUserSettings(['sam@litware.test'], ['ExternalEwsUrl', 'UserDeploymentId']), joe);
    assert.deepEqual(texts(settings.body, '', 'Value'), ['https://outlook.office365.test/EWS/Exchange.asmx', '7a1c0f2e-5d4b-4c3a-9e8f-1b2c3d4e5f60']);
    const federation = await post(bed, '/autodiscover/autodiscover.svc', getFederationInformation('contoso.mail.onmicrosoft.test'));
    assert.deepEqual(texts(federation.body, '', 'ApplicationUri'), ['outlook.test']);
  });

  it('publishes its auth metadata and challenges GetUserSettings without credentials with Bearer and Basic', async () => {
    const metadata = (await bed.app.inject({ method: 'GET', url: '/autodiscover/metadata/json/1', headers: { host: 'autodiscover-s.outlook.test' } })).json();
    assert.equal(metadata.issuer, '00000002-0000-0ff1-ce00-000000000000@7a1c0f2e-5d4b-4c3a-9e8f-1b2c3d4e5f60');
    assert.equal(metadata.keys.length, 1);
    const anonymous = await post(bed, '/autodiscover/autodiscover.svc', getUserSettings(['sam@litware.test'], ['ExternalEwsUrl']));
    assert.equal(anonymous.statusCode, 401);
    assert.match(String(anonymous.headers['www-authenticate']), /Bearer client_id="00000002-0000-0ff1-ce00-000000000000".*Basic Realm=""/);
  });
});
