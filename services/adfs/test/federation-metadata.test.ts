import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { loadKeyPair } from '../../../shared/pki/index.ts';
import { elementsNamed } from '../../../shared/xml/dom.ts';
import { parseXml } from '../../../shared/xml/safe-parse.ts';
import { startAdfs, type TestAdfs } from './support/adfs-app.ts';
import { idAttributes, xmlsecVerify } from './support/xmlsec.ts';

const md = 'urn:oasis:names:tc:SAML:2.0:metadata';
const fed = 'http://docs.oasis-open.org/wsfed/federation/200706';
const ds = 'http://www.w3.org/2000/09/xmldsig#';
const xsi = 'http://www.w3.org/2001/XMLSchema-instance';
const wsa = 'http://www.w3.org/2005/08/addressing';

let adfs: TestAdfs;
before(async () => {
  adfs = await startAdfs();
});
after(() => adfs.close());

async function metadata(): Promise<string> {
  const response = await adfs.app.inject({ method: 'GET', url: '/FederationMetadata/2007-06/FederationMetadata.xml' });
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers['content-type']), /^text\/xml/);
  return response.body;
}

describe('FederationMetadata.xml: signed metadata (client-flows §1.8)', () => {
  it('verifies with xmlsec1 and the token-signing certificate, by the EntityDescriptor ID', async () => {
    const result = xmlsecVerify(await metadata(), adfs.tokenSigning.certPem, idAttributes.entityDescriptor);
    assert.ok(result.verified, result.output);
  });

  it('does not verify once an endpoint is changed, nor with another certificate', async () => {
    const xml = await metadata();
    const tampered = xml.replaceAll('https://fs.contoso.test/adfs/ls/', 'https://evil.test/adfs/ls/');
    assert.equal(xmlsecVerify(tampered, adfs.tokenSigning.certPem, idAttributes.entityDescriptor).verified, false);
    const other = loadKeyPair(adfs.certsDir, 'signing/adfs-token-decrypting');
    assert.equal(xmlsecVerify(xml, other.certPem, idAttributes.entityDescriptor).verified, false);
  });

  it('is an EntityDescriptor for the issuer with an rsa-sha256, exc-c14n signature over #ID as its first child', async () => {
    const document = parseXml(await metadata());
    const root = document.documentElement!;
    assert.deepEqual([root.namespaceURI, root.localName, root.getAttribute('entityID')], [md, 'EntityDescriptor', 'http://fs.contoso.test/adfs/services/trust']);
    assert.match(root.getAttribute('ID') ?? '', /^_[0-9a-f-]{36}$/);
    assert.equal(root.firstChild, elementsNamed(document, ds, 'Signature')[0]);
    assert.equal(elementsNamed(document, ds, 'Reference')[0]?.getAttribute('URI'), `#${root.getAttribute('ID')}`);
    assert.equal(elementsNamed(document, ds, 'SignatureMethod')[0]?.getAttribute('Algorithm'), 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    assert.equal(elementsNamed(document, ds, 'CanonicalizationMethod')[0]?.getAttribute('Algorithm'), 'http://www.w3.org/2001/10/xml-exc-c14n#');
    assert.equal(elementsNamed(document, ds, 'DigestMethod')[0]?.getAttribute('Algorithm'), 'http://www.w3.org/2001/04/xmlenc#sha256');
  });

  it('describes the STS: signing key, SAML 1.1 token types, claims offered, the mex reference and the passive endpoint', async () => {
    const document = parseXml(await metadata());
    const roles = elementsNamed(document, md, 'RoleDescriptor');
    assert.deepEqual(roles.map((role) => role.getAttributeNS(xsi, 'type')), ['fed:SecurityTokenServiceType', 'fed:ApplicationServiceType']);
    assert.match(roles[0]!.getAttribute('protocolSupportEnumeration') ?? '', /ws-trust\/200512 .*ws\/2005\/02\/trust .*federation\/200706/);
    const certificate = elementsNamed(roles[0]!, ds, 'X509Certificate')[0]?.textContent ?? '';
    assert.equal(new X509Certificate(Buffer.from(certificate, 'base64')).fingerprint256, new X509Certificate(adfs.tokenSigning.certPem).fingerprint256);
    assert.ok(elementsNamed(roles[0]!, fed, 'TokenType').some((type) => type.getAttribute('Uri') === 'urn:oasis:names:tc:SAML:1.0:assertion'));
    const claims = elementsNamed(roles[0]!, 'http://docs.oasis-open.org/wsfed/authorization/200706', 'ClaimType').map((claim) => claim.getAttribute('Uri'));
    assert.ok(claims.includes('http://schemas.xmlsoap.org/claims/UPN') && claims.includes('http://schemas.microsoft.com/LiveID/Federation/2008/05/ImmutableID'));
    const addresses = elementsNamed(roles[0]!, wsa, 'Address').map((address) => address.textContent);
    assert.ok(addresses.includes('https://fs.contoso.test/adfs/services/trust/mex'));
    assert.equal(elementsNamed(roles[0]!, fed, 'PassiveRequestorEndpoint')[0]?.textContent, 'https://fs.contoso.test/adfs/ls/');
  });

  it('has SP and IdP SSO descriptors at /adfs/ls/ and a contact', async () => {
    const document = parseXml(await metadata());
    const sso = elementsNamed(document, md, 'SingleSignOnService').map((service) => service.getAttribute('Location'));
    assert.deepEqual(sso, ['https://fs.contoso.test/adfs/ls/', 'https://fs.contoso.test/adfs/ls/']);
    assert.equal(elementsNamed(document, md, 'SPSSODescriptor').length, 1);
    assert.equal(elementsNamed(document, md, 'IDPSSODescriptor').length, 1);
    assert.equal(elementsNamed(document, md, 'ContactPerson')[0]?.getAttribute('contactType'), 'support');
  });
});
