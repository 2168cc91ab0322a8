import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createReplayCache, extractAssertionFromRstr, verifySaml11Assertion } from '../../../shared/saml/verify.ts';
import { elementsNamed } from '../../../shared/xml/dom.ts';
import { parseXml } from '../../../shared/xml/safe-parse.ts';
import { startAdfs, type TestAdfs } from './support/adfs-app.ts';
import { actionOf } from './support/responses.ts';
import { buildRst, endpointOf } from './support/rst.ts';
import { idAttributes, xmlsecVerify } from './support/xmlsec.ts';

const wsu = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const issuer = 'http://fs.contoso.test/adfs/services/trust';
const audience = 'urn:federation:MicrosoftOnline';
/** mary's objectGUID 6d2a4f1e-8b3c-4e5a-9f10-2b3c4d5e6f71 in Guid.ToByteArray order, base64 (seed; dc-ldap test). */
const maryImmutableId = 'Hk8qbTyLWk6fECs8TV5vcQ==';

let adfs: TestAdfs;
before(async () => {
  adfs = await startAdfs();
});
after(() => adfs.close());

const cases = [
  { version: '2005', action: 'http://schemas.xmlsoap.org/ws/2005/02/trust/RSTR/Issue', rstr: ['http://schemas.xmlsoap.org/ws/2005/02/trust', 'RequestSecurityTokenResponse'] },
  { version: '13', action: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RSTRC/IssueFinal', rstr: ['http://docs.oasis-open.org/ws-sx/ws-trust/200512', 'RequestSecurityTokenResponseCollection'] },
] as const;

describe('usernamemixed issues a signed SAML 1.1 assertion for a good password', () => {
  for (const { version, action, rstr } of cases) {
    it(`answers the WS-Trust ${version} RST for mary with the version's RSTR, Action and a 5-minute Timestamp`, async () => {
      const response = await adfs.app.inject({ method: 'POST', url: endpointOf(version), headers: { 'content-type': 'application/soap+xml; charset=utf-8' }, payload: buildRst({ version, username: 'mary@contoso.test', password: 'Mary!Lab2026', created: adfs.clock.now() }) });
      assert.equal(response.statusCode, 200, response.body);
      assert.match(String(response.headers['content-type']), /^application\/soap\+xml/);
      assert.equal(actionOf(response.body), action);
      const document = parseXml(response.body);
      assert.equal(document.documentElement?.getElementsByTagNameNS(rstr[0], rstr[1]).length, 1);
      const created = elementsNamed(document, wsu, 'Created')[0]?.textContent;
      const expires = elementsNamed(document, wsu, 'Expires')[0]?.textContent;
      assert.equal(new Date(expires!).getTime() - new Date(created!).getTime(), 300_000);
    });

    it(`signs the ${version} assertion so that xmlsec1 verifies it with the token-signing certificate, in place and extracted`, async () => {
      const response = await adfs.app.inject({ method: 'POST', url: endpointOf(version), headers: { 'content-type': 'application/soap+xml' }, payload: buildRst({ version, username: 'mary@contoso.test', password: 'Mary!Lab2026', created: adfs.clock.now() }) });
      const inPlace = xmlsecVerify(response.body, adfs.tokenSigning.certPem, idAttributes.saml11Assertion);
      assert.ok(inPlace.verified, inPlace.output);
      const extracted = xmlsecVerify(extractAssertionFromRstr(response.body), adfs.tokenSigning.certPem, idAttributes.saml11Assertion);
      assert.ok(extracted.verified, extracted.output);
    });

    it(`issues ${version} claims that verifySaml11Assertion accepts: ImmutableID, UPN, insidecorporatenetwork, authnmethodsreferences`, async () => {
      const response = await adfs.app.inject({ method: 'POST', url: endpointOf(version), headers: { 'content-type': 'application/soap+xml' }, payload: buildRst({ version, username: 'MARY@contoso.test', password: 'Mary!Lab2026', created: adfs.clock.now() }) });
      const verified = verifySaml11Assertion(extractAssertionFromRstr(response.body), { trustedCertificates: [adfs.tokenSigning.certPem], issuer, audience, now: adfs.clock.now(), replayCache: createReplayCache() });
      assert.equal(verified.nameIdentifier, maryImmutableId);
      assert.deepEqual(verified.attributes.get('http://schemas.microsoft.com/LiveID/Federation/2008/05/ImmutableID'), [maryImmutableId]);
      assert.deepEqual(verified.attributes.get('http://schemas.xmlsoap.org/claims/UPN'), ['mary@contoso.test']);
      assert.deepEqual(verified.attributes.get('http://schemas.microsoft.com/ws/2012/01/insidecorporatenetwork'), ['true']);
      assert.deepEqual(verified.attributes.get('http://schemas.microsoft.com/claims/authnmethodsreferences'), ['http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password']);
      assert.equal(verified.authenticationMethod, 'urn:oasis:names:tc:SAML:1.0:am:password');
      assert.equal(verified.notOnOrAfter.getTime() - adfs.clock.now().getTime(), 3600_000);
    });
  }

  it('says insidecorporatenetwork false when the request came through the proxy (X-MS-Proxy)', async () => {
    const response = await adfs.app.inject({ method: 'POST', url: endpointOf('2005'), headers: { 'content-type': 'application/soap+xml', 'x-ms-proxy': 'wap' }, payload: buildRst({ version: '2005', username: 'mary@contoso.test', password: 'Mary!Lab2026', created: adfs.clock.now() }) });
    const verified = verifySaml11Assertion(extractAssertionFromRstr(response.body), { trustedCertificates: [adfs.tokenSigning.certPem], issuer, audience, now: adfs.clock.now(), replayCache: createReplayCache() });
    assert.deepEqual(verified.attributes.get('http://schemas.microsoft.com/ws/2012/01/insidecorporatenetwork'), ['false']);
  });

  it('accepts the down-level name CONTOSO\\mary and a Timestamp just inside the 300 s skew', async () => {
    const created = new Date(adfs.clock.now().getTime() - 299_000);
    const response = await adfs.app.inject({ method: 'POST', url: endpointOf('13'), headers: { 'content-type': 'application/soap+xml' }, payload: buildRst({ version: '13', username: 'CONTOSO\\mary', password: 'Mary!Lab2026', created }) });
    assert.equal(response.statusCode, 200, response.body);
  });

  it('refuses a tampered assertion in xmlsec1 (the oracle is not vacuous)', async () => {
    const response = await adfs.app.inject({ method: 'POST', url: endpointOf('13'), headers: { 'content-type': 'application/soap+xml' }, payload: buildRst({ version: '13', username: 'mary@contoso.test', password: 'Mary!Lab2026', created: adfs.clock.now() }) });
    const tampered = response.body.replace('>mary@contoso.test<', '>joe@contoso.test<');
    assert.notEqual(tampered, response.body);
    assert.equal(xmlsecVerify(tampered, adfs.tokenSigning.certPem, idAttributes.saml11Assertion).verified, false);
  });
});
