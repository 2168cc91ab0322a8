import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildDelegationTokenRequest, extractEncryptedToken, offers, validateDelegationToken } from '../../../shared/dauth/index.ts';
import { loadKeyPair } from '../../../shared/pki/index.ts';
import { createReplayCache } from '../../../shared/saml/replay-cache.ts';
import { nexusHost } from '../src/routes/hosts.ts';
import { adminToken, callApi } from './support/apis.ts';
import { startAzureAuth, type TestAzureAuth } from './support/azure-auth-app.ts';

/** The DAuth federation gateway on nexus: trust registration, metadata, token issuance (server-flows §2). */
let lab: TestAzureAuth;
let admin: string;
let gatewayCertificate: string;
const onPremUri = 'FYDIBOHF25SPDLT.contoso.test';
const cloudUri = 'FYDIBOHF25SPDLT.contoso.onmicrosoft.test';
const endpoint = 'https://nexus.microsoftonline-p.test/extSTS.srf';

before(async () => {
  lab = await startAzureAuth();
  admin = await adminToken(lab);
  const register = (Name: string, ApplicationUri: string, Domains: string[], certificate: string) =>
    callApi(lab.app, { method: 'POST', url: '/federation-gateway/admin/trusts', host: nexusHost, token: admin, body: { Name, ApplicationUri, Domains, Certificate: loadKeyPair(lab.certsDir, certificate).certPem } });
  const onPrem = await register('contoso on-premises', onPremUri, ['contoso.test'], 'signing/exchange-onprem-federation');
  assert.equal(onPrem.statusCode, 200, onPrem.body);
  gatewayCertificate = (onPrem.json() as { GatewayCertificate: string }).GatewayCertificate;
  assert.equal((await register('contoso Exchange Online', cloudUri, ['contoso.onmicrosoft.test'], 'signing/exchange-online-federation')).statusCode, 200);
});
after(() => lab.close());

const postRst = (payload: string) => lab.app.inject({ method: 'POST', url: '/extSTS.srf', headers: { host: nexusHost, 'content-type': 'application/soap+xml; charset=utf-8' }, payload });

describe('the federation gateway on nexus.microsoftonline-p.test', () => {
  it('refuses trust registration without a Global Administrator token', async () => {
    const response = await callApi(lab.app, { method: 'POST', url: '/federation-gateway/admin/trusts', host: nexusHost, body: { Name: 'x', ApplicationUri: 'y', Domains: ['x.test'], Certificate: gatewayCertificate } });
    assert.equal(response.statusCode, 401);
  });

  it('publishes signed metadata carrying the certificate New-FederationTrust returned', async () => {
    const response = await lab.app.inject({ method: 'GET', url: '/federationmetadata/2006-12/federationmetadata.xml', headers: { host: nexusHost } });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /entityID="urn:federation:MicrosoftOnline"/);
    assert.match(response.body, /<ds:SignatureValue>/);
    assert.ok(response.body.includes(gatewayCertificate.replace(/-----[^-]+-----|\s/g, '')));
  });

  it('issues a token the cloud organization accepts for mary@contoso.test', async () => {
    const xml = await buildDelegationTokenRequest({ gatewayEndpoint: endpoint, gatewayCertificate, organization: loadKeyPair(lab.certsDir, 'signing/exchange-onprem-federation'), appliesTo: cloudUri, requesterSmtp: 'mary@contoso.test', offer: offers.freeBusy, now: lab.clock.now() });
    const response = await postRst(xml);
    assert.equal(response.statusCode, 200, response.body);
    const validated = validateDelegationToken(extractEncryptedToken(response.body), {
      decryptionKeyPem: loadKeyPair(lab.certsDir, 'signing/exchange-online-federation').keyPem,
      gatewayCertificates: [gatewayCertificate],
      ownApplicationUri: cloudUri,
      organizationRelationships: [{ domainNames: ['contoso.test'], enabled: true, freeBusyAccessEnabled: true, freeBusyAccessLevel: 'AvailabilityOnly' }],
      replayCache: createReplayCache({ now: lab.clock.now }),
      now: lab.clock.now(),
    });
    assert.deepEqual([validated.requesterSmtp, validated.domain, validated.freeBusyAccessLevel], ['mary@contoso.test', 'contoso.test', 'AvailabilityOnly']);
  });

  it('answers a request from an unregistered organization with a SOAP 1.2 fault naming why', async () => {
    const xml = await buildDelegationTokenRequest({ gatewayEndpoint: endpoint, gatewayCertificate, organization: loadKeyPair(lab.certsDir, 'signing/exchange-onprem-auth'), appliesTo: cloudUri, requesterSmtp: 'mary@contoso.test', offer: offers.freeBusy, now: lab.clock.now() });
    const response = await postRst(xml);
    assert.equal(response.statusCode, 401);
    assert.match(response.headers['content-type'] as string, /application\/soap\+xml/);
    assert.match(response.body, /http:\/\/www\.w3\.org\/2003\/05\/soap-envelope/);
    assert.match(response.body, /An error occurred when processing the security tokens in the message: .*no federation trust registered/);
    assert.match(response.body, /DAUTH_UNKNOWN_ORGANIZATION/);
  });

  it('keeps its trusts across a restart (sqlite)', async () => {
    lab = await lab.rebuild();
    admin = await adminToken(lab);
    const response = await callApi(lab.app, { method: 'GET', url: '/federation-gateway/admin/trusts', host: nexusHost, token: admin });
    assert.deepEqual((response.json() as { trusts: { ApplicationUri: string }[] }).trusts.map((trust) => trust.ApplicationUri).sort(), [onPremUri, cloudUri].sort());
  });
});
