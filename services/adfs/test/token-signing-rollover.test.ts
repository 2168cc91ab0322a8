import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { loadLabCa } from '../../../shared/pki/index.ts';
import { extractAssertionFromRstr } from '../../../shared/saml/verify.ts';
import { elementsNamed } from '../../../shared/xml/dom.ts';
import { parseXml } from '../../../shared/xml/safe-parse.ts';
import { startAdfs, type TestAdfs } from './support/adfs-app.ts';
import { buildRst, endpointOf } from './support/rst.ts';
import { idAttributes, xmlsecVerify } from './support/xmlsec.ts';

/**
 * `lab adfs rollover` as AD FS's management endpoint runs it: what the metadata publishes
 * and what signs the metadata and the assertions after each phase, checked by xmlsec1
 * with each certificate's key alone.
 */
const md = 'urn:oasis:names:tc:SAML:2.0:metadata';
const ds = 'http://www.w3.org/2000/09/xmldsig#';

interface CertificateView {
  role: string;
  thumbprint: string;
  subject: string;
  notAfter: string;
}

let adfs: TestAdfs;
before(async () => {
  adfs = await startAdfs();
});
after(() => adfs.close());

async function certificates(): Promise<CertificateView[]> {
  const response = await adfs.app.inject({ method: 'GET', url: '/adfs/management/token-signing-certificates' });
  assert.equal(response.statusCode, 200, response.body);
  return (response.json() as { certificates: CertificateView[] }).certificates;
}

async function step(phase: string, headers: Record<string, string> = {}) {
  return adfs.app.inject({ method: 'POST', url: '/adfs/management/token-signing-certificates/rollover', headers, payload: { phase } });
}

const thumbprintOf = (pem: string) => new X509Certificate(pem).fingerprint.replaceAll(':', '');

async function metadata(): Promise<string> {
  return (await adfs.app.inject({ method: 'GET', url: '/FederationMetadata/2007-06/FederationMetadata.xml' })).body;
}

/** The certificates of the signing KeyDescriptors, as PEM, role descriptor by role descriptor. */
function certificatesIn(xml: string): string[][] {
  const document = parseXml(xml);
  const roles = [...elementsNamed(document, md, 'RoleDescriptor'), ...elementsNamed(document, md, 'SPSSODescriptor'), ...elementsNamed(document, md, 'IDPSSODescriptor')];
  return roles.map((role) =>
    elementsNamed(role, md, 'KeyDescriptor')
      .filter((key) => key.getAttribute('use') === 'signing')
      .map((key) => new X509Certificate(Buffer.from(elementsNamed(key, ds, 'X509Certificate')[0]!.textContent ?? '', 'base64')).toString()),
  );
}

async function assertionXml(): Promise<string> {
  const response = await adfs.app.inject({ method: 'POST', url: endpointOf('13'), headers: { 'content-type': 'application/soap+xml; charset=utf-8' }, payload: buildRst({ version: '13', username: 'mary@contoso.test', password: 'Mary!Lab2026', created: adfs.clock.now() }) });
  assert.equal(response.statusCode, 200, response.body);
  return extractAssertionFromRstr(response.body);
}

/** The same as thumbprints, which compare whatever the PEM's line endings. */
const publishedIn = (xml: string): string[][] => certificatesIn(xml).map((role) => role.map((pem) => thumbprintOf(pem)));

const signedBy = (xml: string, certPem: string, id: (typeof idAttributes)[keyof typeof idAttributes]) => xmlsecVerify(xml, certPem, id).verified;

describe('token-signing rollover at AD FS', () => {
  let original: string;
  let next: string;

  it('starts with the catalogue certificate as the only, primary one', async () => {
    const listed = await certificates();
    assert.deepEqual(listed.map((certificate) => certificate.role), ['primary']);
    assert.equal(listed[0]!.thumbprint, thumbprintOf(adfs.tokenSigning.certPem));
    original = adfs.tokenSigning.certPem;
    assert.deepEqual(publishedIn(await metadata()), Array(4).fill([thumbprintOf(original)]));
  });

  it('next: publishes a new lab-CA certificate as a second signing KeyDescriptor in every role, while the primary still signs', async () => {
    const response = await step('next');
    assert.equal(response.statusCode, 200, response.body);
    const listed = (response.json() as { certificates: CertificateView[] }).certificates;
    assert.deepEqual(listed.map((certificate) => certificate.role), ['primary', 'next']);
    assert.match(listed[1]!.subject, /CN=ADFS Signing - fs\.contoso\.test/);
    const xml = await metadata();
    next = certificatesIn(xml)[0]![1]!;
    assert.equal(thumbprintOf(next), listed[1]!.thumbprint);
    assert.ok(new X509Certificate(next).checkIssued(new X509Certificate(loadLabCa(adfs.certsDir))), 'issued by the lab CA');
    assert.deepEqual(publishedIn(xml), Array(4).fill([thumbprintOf(original), thumbprintOf(next)]));
    assert.ok(signedBy(xml, original, idAttributes.entityDescriptor), 'metadata signed by the primary');
    assert.equal(signedBy(xml, next, idAttributes.entityDescriptor), false);
    const assertion = await assertionXml();
    assert.ok(signedBy(assertion, original, idAttributes.saml11Assertion), 'assertion signed by the primary');
    assert.equal(signedBy(assertion, next, idAttributes.saml11Assertion), false);
  });

  it('promote: the new certificate signs metadata and assertions; the old one stays published as previous', async () => {
    const response = await step('promote');
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual((response.json() as { certificates: CertificateView[] }).certificates.map(({ role, thumbprint }) => [role, thumbprint]), [['primary', thumbprintOf(next)], ['previous', thumbprintOf(original)]]);
    const xml = await metadata();
    assert.deepEqual(publishedIn(xml), Array(4).fill([thumbprintOf(next), thumbprintOf(original)]));
    assert.ok(signedBy(xml, next, idAttributes.entityDescriptor), 'metadata signed by the new primary');
    assert.equal(signedBy(xml, original, idAttributes.entityDescriptor), false);
    const assertion = await assertionXml();
    assert.ok(signedBy(assertion, next, idAttributes.saml11Assertion), 'assertion signed by the new primary');
    assert.equal(signedBy(assertion, original, idAttributes.saml11Assertion), false);
  });

  it('finish: the previous certificate is no longer published', async () => {
    assert.equal((await step('finish')).statusCode, 200);
    assert.deepEqual(publishedIn(await metadata()), Array(4).fill([thumbprintOf(next)]));
  });

  it('refuses a phase out of order as JSON with the reason', async () => {
    const response = await step('promote');
    assert.equal(response.statusCode, 409);
    assert.deepEqual([response.json().error, response.json().message], ['ROLLOVER_NO_NEXT', 'there is no next token-signing certificate to promote; start with --phase next (hop: lab → AD FS management)']);
    const unknown = await step('later');
    assert.equal(unknown.statusCode, 400);
  });

  it('is management: refused through the Web Application Proxy, and nothing changes', async () => {
    const response = await step('next', { 'x-ms-proxy': 'wap', 'x-ms-forwarded-client-ip': '198.18.0.100' });
    assert.equal(response.statusCode, 403);
    assert.equal(response.json().error, 'MANAGEMENT_FROM_EXTRANET');
    const listed = await adfs.app.inject({ method: 'GET', url: '/adfs/management/token-signing-certificates', headers: { 'x-ms-proxy': 'wap' } });
    assert.equal(listed.statusCode, 403);
    assert.deepEqual((await certificates()).map((certificate) => certificate.role), ['primary']);
  });
});
