import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildDelegationTokenRequest, buildWsSecurityHeader, extractEncryptedToken, offers } from '../../shared/dauth/index.ts';
import type { LabHttpClient } from '../../shared/http/client.ts';
import { loadKeyPair } from '../../shared/pki/index.ts';
import { buildClientAssertion } from '../../shared/s2s/client-assertion.ts';
import { buildOuterToken } from '../../shared/s2s/outer-token.ts';
import { exchangePrincipal } from '../../shared/s2s/principals.ts';
import { requestAppToken } from '../../shared/s2s/request-app-token.ts';
import { buildTokenRequestForm } from '../../shared/s2s/token-request.ts';
import { loadSeed } from '../../shared/seed/seed.ts';
import { availabilityRequest, ns, texts } from '../support/exchange-requests.ts';
import { clientOn, startTestLab } from '../support/in-process-lab.ts';

/**
 * The receiving side on the local lab (server-flows §1.6, §2.6): exchange-online answers
 * GetUserAvailability for mary@contoso.test asking about joe@contoso.test, sent from the
 * corp vantage (through the edge's forward proxy) as exchange-onprem sends it.
 *  - S2S OAuth: the admin registers the on-premises Auth certificate and SPNs on Exchange's
 *    principal; a real actor token from the real STS over TLS; the outer token for Mary;
 *    exchange-online fetches the STS metadata itself → Mary's Reviewer grant shows subjects.
 *  - DAuth: both organizations' federation trusts at the gateway; a real delegation token
 *    for Mary to the cloud's ApplicationUri → the OrgRel's AvailabilityOnly shows times only.
 */
const seed = loadSeed();
const tenantId = seed.tenant.id;
const cloudHost = 'outlook.office365.test';
const gateway = 'https://nexus.microsoftonline-p.test';
const cloudUri = 'outlook.test';
const onPremUri = 'FYDIBOHF25SPDLT.contoso.test';

describe('exchange-online receives free/busy requests from on-premises (S2S OAuth and DAuth)', () => {
  let lab: Awaited<ReturnType<typeof startTestLab>>;
  let internet: LabHttpClient;
  let corp: LabHttpClient;
  let adminToken = '';
  const day = new Date().toISOString().slice(0, 10);

  async function admin(url: string, body: unknown): Promise<string> {
    const response = await internet.request(url, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(response.status, 200, response.body);
    return response.body;
  }

  before(async () => {
    lab = await startTestLab({ without: ['wap', 'adfs', 'dc', 'exchange-onprem', 'dirsync'] });
    internet = clientOn('internet', lab.certsDir);
    corp = clientOn('corp', lab.certsDir);
    const globalAdmin = seed.tenant.cloudUsers.find((user) => user.roles?.includes('GlobalAdministrator'))!;
    const response = await internet.request(`https://login.microsoftonline.test/${tenantId}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', resource: 'https://graph.microsoft.test', username: globalAdmin.userPrincipalName, password: globalAdmin.password! }).toString(),
    });
    assert.equal(response.status, 200, response.body);
    adminToken = (JSON.parse(response.body) as { access_token: string }).access_token;
  });
  after(async () => {
    await internet?.close();
    await corp?.close();
    await lab?.dispose();
  });

  it("S2S OAuth: Mary sees Joe's subjects through her own Reviewer grant", async () => {
    const principal = `https://login.microsoftonline.test/${tenantId}/admin/servicePrincipals/${exchangePrincipal}`;
    const certificate = loadKeyPair(lab.certsDir, 'signing/exchange-onprem-auth').certPem.replace(/-----[^-]+-----|\s/g, '');
    await admin(`${principal}/keyCredentials`, { type: 'AsymmetricX509Cert', usage: 'Verify', key: certificate });
    await admin(`${principal}/servicePrincipalNames`, { servicePrincipalNames: ['https://mail.contoso.test/', 'https://autodiscover.contoso.test/'] });

    const assertion = await buildClientAssertion({ appId: exchangePrincipal, tenantId, signer: loadKeyPair(lab.certsDir, 'signing/exchange-onprem-auth'), now: new Date() });
    const form = buildTokenRequestForm({ appId: exchangePrincipal, tenantId, clientAssertion: assertion, targetPrincipal: exchangePrincipal, targetHost: cloudHost });
    const actor = (await requestAppToken(corp, tenantId, form, { from: 'exchange-onprem' })).accessToken;
    const outer = buildOuterToken({ appId: exchangePrincipal, realm: tenantId, targetPrincipal: exchangePrincipal, targetHost: cloudHost, smtp: 'mary@contoso.test', actorToken: actor, now: new Date() });

    const send = (authorization: string) =>
      corp.request(`https://${cloudHost}/EWS/Exchange.asmx`, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', authorization }, body: availabilityRequest(['joe@contoso.test'], 'DetailedMerged', day) });
    const discovery = await send('Bearer ');
    assert.equal(discovery.status, 401);
    assert.match(String(discovery.headers['www-authenticate']), new RegExp(`trusted_issuers="00000001-0000-0000-c000-000000000000@${tenantId}"`));

    const response = await send(`Bearer ${outer}`);
    assert.equal(response.status, 200, response.body);
    assert.deepEqual(texts(response.body, ns.messages, 'ResponseCode'), ['NoError']);
    assert.deepEqual(texts(response.body, ns.types, 'Subject'), ['Budget review', 'Lunch with Sam']);

    const forOnprem = buildOuterToken({ appId: exchangePrincipal, realm: tenantId, targetPrincipal: exchangePrincipal, targetHost: 'mail.contoso.test', smtp: 'mary@contoso.test', actorToken: actor, now: new Date() });
    const refused = await send(`Bearer ${forOnprem}`);
    assert.equal(refused.status, 401);
    assert.match(String(refused.headers['x-ms-diagnostics']), /^S2S_AUDIENCE_HOST;/);
  });

  it("DAuth: Mary sees Joe's times only, under the OrganizationRelationship's AvailabilityOnly", async () => {
    const trust = (Name: string, ApplicationUri: string, Domains: string[], key: string) =>
      admin(`${gateway}/federation-gateway/admin/trusts`, { Name, ApplicationUri, Domains, Certificate: loadKeyPair(lab.certsDir, key).certPem });
    const gatewayCertificate = (JSON.parse(await trust('contoso on-premises', onPremUri, ['contoso.test'], 'signing/exchange-onprem-federation')) as { GatewayCertificate: string }).GatewayCertificate;
    await trust('contoso Exchange Online', cloudUri, ['contoso.onmicrosoft.test', 'contoso.mail.onmicrosoft.test'], 'signing/exchange-online-federation');

    const request = await buildDelegationTokenRequest({ gatewayEndpoint: `${gateway}/extSTS.srf`, gatewayCertificate, organization: loadKeyPair(lab.certsDir, 'signing/exchange-onprem-federation'), appliesTo: cloudUri, requesterSmtp: 'mary@contoso.test', offer: offers.freeBusy, now: new Date() });
    const rstr = await corp.request(`${gateway}/extSTS.srf`, { method: 'POST', headers: { 'content-type': 'application/soap+xml; charset=utf-8' }, body: request });
    assert.equal(rstr.status, 200, rstr.body);

    const to = `https://${cloudHost}/EWS/Exchange.asmx/WSSecurity`;
    const header = buildWsSecurityHeader({ action: 'http://schemas.microsoft.com/exchange/services/2006/messages/GetUserAvailability', to, encryptedToken: extractEncryptedToken(rstr.body), now: new Date(), soapPrefix: 's' });
    const body = availabilityRequest(['joe@contoso.test'], 'DetailedMerged', day).replace('<s:Header>', `<s:Header>${header}`);
    const response = await corp.request(to, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8' }, body });
    assert.equal(response.status, 200, response.body);
    assert.deepEqual(texts(response.body, ns.messages, 'ResponseCode'), ['NoError']);
    assert.deepEqual(texts(response.body, ns.types, 'FreeBusyViewType'), ['FreeBusyMerged']);
    assert.equal(texts(response.body, ns.types, 'StartTime').length, 2);
    assert.deepEqual(texts(response.body, ns.types, 'Subject'), []);

    const replayed = await corp.request(to, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8' }, body });
    assert.equal(replayed.status, 500);
    assert.match(replayed.body, /An error occurred when processing the security tokens in the message/);
    assert.match(String(replayed.headers['x-ms-diagnostics']), /^DAUTH_TOKEN_REPLAYED;/);
  });
});
