import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildDelegationTokenRequest, extractEncryptedToken, offers, validateDelegationToken } from '../../shared/dauth/index.ts';
import type { LabHttpClient } from '../../shared/http/client.ts';
import { loadKeyPair } from '../../shared/pki/index.ts';
import { createReplayCache } from '../../shared/saml/replay-cache.ts';
import { loadSeed } from '../../shared/seed/seed.ts';
import { clientOn, startTestLab } from '../support/in-process-lab.ts';
import { tenantId } from '../support/identity.ts';

/**
 * DAuth's token leg on the local lab (server-flows §2.1–2.3, §2.6): both organizations
 * register federation trusts with the gateway on nexus over TLS; an on-premises Exchange
 * (a client on corp, through the edge's forward proxy) asks the gateway for a free/busy
 * token for mary@contoso.test to the cloud's ApplicationUri; the cloud's validator, with
 * the cloud organization's key, accepts it and names the requester's domain.
 */
const gateway = 'https://nexus.microsoftonline-p.test';
const onPremUri = 'FYDIBOHF25SPDLT.contoso.test';
const cloudUri = 'FYDIBOHF25SPDLT.contoso.onmicrosoft.test';

describe('DAuth through the federation gateway on the local lab', () => {
  let lab: Awaited<ReturnType<typeof startTestLab>>;
  let internet: LabHttpClient;
  let corp: LabHttpClient;
  let gatewayCertificate = '';

  async function adminToken(): Promise<string> {
    const admin = loadSeed().tenant.cloudUsers.find((user) => user.roles?.includes('GlobalAdministrator'))!;
    const response = await internet.request(`https://login.microsoftonline.test/${tenantId}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', resource: 'https://graph.microsoft.test', username: admin.userPrincipalName, password: admin.password! }).toString(),
    });
    assert.equal(response.status, 200, response.body);
    return (JSON.parse(response.body) as { access_token: string }).access_token;
  }

  async function register(token: string, Name: string, ApplicationUri: string, Domains: string[], certificate: string): Promise<{ GatewayCertificate: string }> {
    const response = await internet.request(`${gateway}/federation-gateway/admin/trusts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ Name, ApplicationUri, Domains, Certificate: loadKeyPair(lab.certsDir, certificate).certPem }),
    });
    assert.equal(response.status, 200, response.body);
    return JSON.parse(response.body) as { GatewayCertificate: string };
  }

  before(async () => {
    lab = await startTestLab({ without: ['exchange-online', 'wap', 'adfs', 'dc', 'exchange-onprem', 'dirsync'] });
    internet = clientOn('internet', lab.certsDir);
    corp = clientOn('corp', lab.certsDir);
    const token = await adminToken();
    gatewayCertificate = (await register(token, 'contoso on-premises', onPremUri, ['contoso.test'], 'signing/exchange-onprem-federation')).GatewayCertificate;
    await register(token, 'contoso Exchange Online', cloudUri, ['contoso.onmicrosoft.test'], 'signing/exchange-online-federation');
  });
  after(async () => {
    await internet?.close();
    await corp?.close();
    await lab?.dispose();
  });

  it('publishes the same gateway certificate in its signed metadata as New-FederationTrust returned', async () => {
    const response = await internet.request(`${gateway}/federationmetadata/2006-12/federationmetadata.xml`);
    assert.equal(response.status, 200);
    assert.ok(response.body.includes(gatewayCertificate.replace(/-----[^-]+-----|\s/g, '')));
  });

  it('issues an encrypted token for mary@contoso.test that the cloud accepts for her domain', async () => {
    const request = await buildDelegationTokenRequest({
      gatewayEndpoint: `${gateway}/extSTS.srf`,
      gatewayCertificate,
      organization: loadKeyPair(lab.certsDir, 'signing/exchange-onprem-federation'),
      appliesTo: cloudUri,
      requesterSmtp: 'mary@contoso.test',
      offer: offers.freeBusy,
      now: new Date(),
    });
    const response = await corp.request(`${gateway}/extSTS.srf`, { method: 'POST', headers: { 'content-type': 'application/soap+xml; charset=utf-8' }, body: request });
    assert.equal(response.status, 200, response.body);
    const token = extractEncryptedToken(response.body);
    assert.match(token, /^<xenc:EncryptedData /);
    assert.doesNotMatch(response.body, /mary@contoso\.test/);
    const validated = validateDelegationToken(token, {
      decryptionKeyPem: loadKeyPair(lab.certsDir, 'signing/exchange-online-federation').keyPem,
      gatewayCertificates: [gatewayCertificate],
      ownApplicationUri: cloudUri,
      organizationRelationships: [{ name: 'On-premises to O365', domainNames: ['contoso.test'], enabled: true, freeBusyAccessEnabled: true, freeBusyAccessLevel: 'LimitedDetails' }],
      replayCache: createReplayCache(),
      now: new Date(),
    });
    assert.deepEqual([validated.requesterSmtp, validated.domain, validated.freeBusyAccessLevel], ['mary@contoso.test', 'contoso.test', 'LimitedDetails']);
  });

  it('answers a token request signed with an unregistered key with a SOAP 1.2 fault', async () => {
    const request = await buildDelegationTokenRequest({ gatewayEndpoint: `${gateway}/extSTS.srf`, gatewayCertificate, organization: loadKeyPair(lab.certsDir, 'signing/exchange-onprem-auth'), appliesTo: cloudUri, requesterSmtp: 'mary@contoso.test', offer: offers.freeBusy, now: new Date() });
    const response = await corp.request(`${gateway}/extSTS.srf`, { method: 'POST', headers: { 'content-type': 'application/soap+xml; charset=utf-8' }, body: request });
    assert.equal(response.status, 401);
    assert.match(response.body, /An error occurred when processing the security tokens in the message/);
    assert.match(response.body, /DAUTH_UNKNOWN_ORGANIZATION/);
  });
});
