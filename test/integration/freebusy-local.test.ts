import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LabHttpClient, LabResponse } from '../../shared/http/client.ts';
import { labDay } from '../../shared/mailbox/index.ts';
import { clientOn, type startTestLab } from '../support/in-process-lab.ts';
import { availabilityRequest, getFederationInformation, ns, poxRequest, texts } from '../support/exchange-requests.ts';
import { startFederatedLab } from '../support/identity.ts';

/**
 * The same-organization building blocks of free/busy (issue 5, docs/hybrid.md) on the
 * local lab: Mary, on corp, asks exchange-onprem for Alex's availability with Basic (the
 * dc checks her password over LDAPS); Joe, from the internet, asks exchange-online for
 * Sam's and Ann's with Basic (the Basic-auth proxy through AD FS). Each sees what the
 * target calendar's permissions give them. Then Autodiscover's redirect and anonymous
 * GetFederationInformation on-premises.
 */
const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const mary = basic('mary@contoso.test', 'Mary!Lab2026');
const joe = basic('joe@contoso.test', 'Joe!Lab2026');
const today = labDay(new Date());

describe('free/busy inside each organization, on the local lab', () => {
  let testLab: Awaited<ReturnType<typeof startTestLab>>;
  let corp: LabHttpClient;
  let internet: LabHttpClient;
  const post = (client: LabHttpClient, url: string, body: string, authorization?: string): Promise<LabResponse> =>
    client.request(url, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', ...(authorization ? { authorization } : {}) }, body });

  before(async () => {
    ({ testLab } = await startFederatedLab());
    corp = clientOn('corp', testLab.certsDir);
    internet = clientOn('internet', testLab.certsDir);
  });
  after(async () => {
    await corp?.close();
    await internet?.close();
    await testLab?.dispose();
  });

  it("Mary (Basic, checked by the dc) gets Alex's busy times from exchange-onprem, and her own calendar in detail", async () => {
    const response = await post(corp, 'https://mail.contoso.test/EWS/Exchange.asmx', availabilityRequest(['alex@contoso.test', 'mary@contoso.test'], 'DetailedMerged', today), mary);
    assert.equal(response.status, 200, response.body);
    assert.deepEqual(texts(response.body, ns.messages, 'ResponseCode'), ['NoError', 'NoError']);
    assert.deepEqual(texts(response.body, ns.types, 'FreeBusyViewType'), ['FreeBusyMerged', 'DetailedMerged']);
    assert.deepEqual(texts(response.body, ns.types, 'StartTime'), [`${today}T15:00:00`, `${today}T09:30:00`, `${today}T13:00:00`]);
    assert.deepEqual(texts(response.body, ns.types, 'Subject'), ['Team stand-up', 'Vendor call']);
  });

  it('a wrong password for Mary is 401 from the dc, with the IIS challenges', async () => {
    const response = await post(corp, 'https://mail.contoso.test/EWS/Exchange.asmx', availabilityRequest(['alex@contoso.test'], 'FreeBusy', today), basic('mary@contoso.test', 'wrong'));
    assert.equal(response.status, 401);
    assert.deepEqual(response.headers['www-authenticate'], ['Negotiate', 'NTLM', 'Basic Realm=""']);
    assert.match(response.body, /data 52e/);
  });

  it("Joe (Basic through AD FS) gets Sam's and Ann's busy times from exchange-online, and for Mary (on-premises; no hybrid configured in this test) ErrorAvailabilityConfigNotFound", async () => {
    const response = await post(internet, 'https://outlook.office365.test/EWS/Exchange.asmx', availabilityRequest(['sam@litware.test', 'ann@contoso.onmicrosoft.test', 'mary@contoso.test'], 'Detailed', today), joe);
    assert.equal(response.status, 200, response.body);
    assert.deepEqual(texts(response.body, ns.messages, 'ResponseCode'), ['NoError', 'NoError', 'ErrorAvailabilityConfigNotFound']);
    assert.deepEqual(texts(response.body, ns.types, 'FreeBusyViewType'), ['FreeBusy', 'FreeBusy', 'None']);
    assert.deepEqual(texts(response.body, ns.types, 'EndTime'), [`${today}T11:00:00`, `${today}T12:00:00`]);
  });

  it("exchange-onprem's Autodiscover redirects Joe to the cloud and answers GetFederationInformation anonymously, through the edge", async () => {
    const pox = await post(internet, 'https://autodiscover.contoso.test/autodiscover/autodiscover.xml', poxRequest('joe@contoso.test'), mary);
    assert.equal(pox.status, 200, pox.body);
    assert.deepEqual(texts(pox.body, '', 'RedirectAddr'), ['joe@contoso.mail.onmicrosoft.test']);
    const federation = await post(internet, 'https://autodiscover.contoso.test/autodiscover/autodiscover.svc', getFederationInformation('contoso.test'));
    assert.deepEqual(texts(federation.body, '', 'ApplicationUri'), ['FYDIBOHF25SPDLT.contoso.test']);
  });
});
