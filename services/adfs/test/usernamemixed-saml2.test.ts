import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createReplayCache, extractSamlTokenFromRstr, verifySaml20Assertion } from '../../../shared/saml/verify.ts';
import { elementsNamed } from '../../../shared/xml/dom.ts';
import { parseXml } from '../../../shared/xml/safe-parse.ts';
import { startAdfs, type TestAdfs } from './support/adfs-app.ts';
import { buildRst, endpointOf } from './support/rst.ts';
import { idAttributes, xmlsecVerify } from './support/xmlsec.ts';

/**
 * usernamemixed with wst:TokenType urn:oasis:names:tc:SAML:2.0:assertion (WS-Trust 1.3
 * §4.1): AD FS answers with a signed SAML 2.0 assertion, and the RSTR says so, so that a
 * client such as MSAL picks the saml2-bearer grant.
 */
const saml2 = 'urn:oasis:names:tc:SAML:2.0:assertion';
const trust13 = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512';
const maryImmutableId = 'Hk8qbTyLWk6fECs8TV5vcQ==';

let adfs: TestAdfs;
before(async () => {
  adfs = await startAdfs();
});
after(() => adfs.close());

function askFor(tokenType: string | undefined, version: '13' | '2005' = '13') {
  return adfs.app.inject({ method: 'POST', url: endpointOf(version), headers: { 'content-type': 'application/soap+xml; charset=utf-8' }, payload: buildRst({ version, username: 'mary@contoso.test', password: 'Mary!Lab2026', created: adfs.clock.now(), ...(tokenType ? { tokenType } : {}) }) });
}

describe('usernamemixed issues SAML 2.0 when the RST asks for it', () => {
  it('answers TokenType SAML 2.0 with a SAML 2.0 assertion, named in the RSTR’s TokenType and token references', async () => {
    const response = await askFor(saml2);
    assert.equal(response.statusCode, 200, response.body);
    const document = parseXml(response.body);
    assert.equal(elementsNamed(document, trust13, 'TokenType')[0]?.textContent, saml2);
    const keyIdentifiers = elementsNamed(document, 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd', 'KeyIdentifier');
    assert.deepEqual(keyIdentifiers.map((element) => element.getAttribute('ValueType')), Array(2).fill('http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLID'));
    assert.equal(extractSamlTokenFromRstr(response.body).version, '2.0');
  });

  it('signs it so that xmlsec1 verifies it with the token-signing certificate, in place and extracted', async () => {
    const response = await askFor(saml2);
    const inPlace = xmlsecVerify(response.body, adfs.tokenSigning.certPem, idAttributes.saml20Assertion);
    assert.ok(inPlace.verified, inPlace.output);
    const extracted = xmlsecVerify(extractSamlTokenFromRstr(response.body).assertion, adfs.tokenSigning.certPem, idAttributes.saml20Assertion);
    assert.ok(extracted.verified, extracted.output);
    const tampered = response.body.replace('>mary@contoso.test<', '>joe@contoso.test<');
    assert.notEqual(tampered, response.body);
    assert.equal(xmlsecVerify(tampered, adfs.tokenSigning.certPem, idAttributes.saml20Assertion).verified, false, 'xmlsec1 is not vacuous');
  });

  it('puts the NameID (ImmutableID), bearer confirmation, audience, attributes and AuthnStatement where verifySaml20Assertion reads them', async () => {
    const response = await askFor('http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0', '2005');
    assert.equal(response.statusCode, 200, response.body);
    const verified = verifySaml20Assertion(extractSamlTokenFromRstr(response.body).assertion, { trustedCertificates: [adfs.tokenSigning.certPem], issuer: 'http://fs.contoso.test/adfs/services/trust', audience: 'urn:federation:MicrosoftOnline', now: adfs.clock.now(), replayCache: createReplayCache() });
    assert.equal(verified.nameIdentifier, maryImmutableId);
    assert.deepEqual(verified.attributes.get('http://schemas.xmlsoap.org/claims/UPN'), ['mary@contoso.test']);
    assert.deepEqual(verified.attributes.get('http://schemas.microsoft.com/LiveID/Federation/2008/05/ImmutableID'), [maryImmutableId]);
    assert.equal(verified.authenticationMethod, 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport');
    assert.equal(verified.notOnOrAfter.getTime() - adfs.clock.now().getTime(), 3600_000);
  });

  it('keeps SAML 1.1 for an RST without TokenType, as AD FS does for the cloud’s trust', async () => {
    const response = await askFor(undefined);
    assert.equal(extractSamlTokenFromRstr(response.body).version, '1.1');
  });

  it('refuses a TokenType it does not issue with a Sender fault that names it', async () => {
    const response = await askFor('urn:ietf:params:oauth:token-type:jwt');
    assert.equal(response.statusCode, 500);
    assert.match(response.body, /a:InvalidRequest/);
    const reason = elementsNamed(parseXml(response.body), 'http://www.w3.org/2003/05/soap-envelope', 'Text')[0]?.textContent ?? '';
    assert.match(reason, /TokenType 'urn:ietf:params:oauth:token-type:jwt' is not issued here/);
  });
});
