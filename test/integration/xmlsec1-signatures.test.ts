import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { LabHttpClient } from '../../shared/http/client.ts';
import { extractAssertionFromRstr } from '../../shared/saml/verify.ts';
import { buildRst } from '../../shared/ws-trust/rst.ts';
import { loadKeyPair } from '../../shared/pki/index.ts';
import { parseXml } from '../../shared/xml/safe-parse.ts';
import { idAttributes, xmlsecVerify } from '../../services/adfs/test/support/xmlsec.ts';
import { clientOn, type startTestLab } from '../support/in-process-lab.ts';
import { lab, startFederatedLab } from '../support/identity.ts';
import { passiveFederatedSignIn } from '../support/passive-federation.ts';

/**
 * Issue 4, acceptance 4: every SAML assertion and metadata document the lab signs verifies
 * with Debian's xmlsec1 against the *published* certificate — the one in AD FS's metadata,
 * which the cloud also holds — not a key the test happens to have on disk.
 */
const metadataUrl = 'https://fs.contoso.test/FederationMetadata/2007-06/FederationMetadata.xml';

function publishedSigningCertificate(metadata: string): string {
  const document = parseXml(metadata, { maxBytes: 1024 * 1024 });
  const signing = Array.from(document.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:metadata', 'KeyDescriptor')).find((key) => key.getAttribute('use') === 'signing');
  const base64 = signing?.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'X509Certificate')[0]?.textContent?.replace(/\s+/g, '');
  assert.ok(base64, 'the metadata publishes a signing certificate');
  return new X509Certificate(Buffer.from(base64, 'base64')).toString();
}

const thumbprint = (pem: string) => createHash('sha1').update(new X509Certificate(pem).raw).digest('hex').toUpperCase();

function assertVerifies(xml: string, certPem: string, what: string, id: (typeof idAttributes)[keyof typeof idAttributes]): void {
  const result = xmlsecVerify(xml, certPem, id);
  assert.ok(result.verified, `xmlsec1 verifies ${what}:\n${result.output}`);
  assert.match(result.output, /OK/);
}

describe('xmlsec1 verifies everything AD FS signs, with the certificate AD FS publishes', () => {
  let testLab: Awaited<ReturnType<typeof startTestLab>>;
  let env: Record<string, string>;
  let internet: LabHttpClient;
  let metadata: string;
  let published: string;

  before(async () => {
    ({ testLab, env } = await startFederatedLab());
    internet = clientOn('internet', testLab.certsDir);
    metadata = (await internet.request(metadataUrl)).body;
    published = publishedSigningCertificate(metadata);
  });
  after(async () => {
    await internet?.close();
    await testLab?.dispose();
  });

  it('the published certificate is the one the cloud trusts for contoso.test', async () => {
    const show = await lab(['federation', 'show', 'contoso.test', '--json', '--as', 'corp'], env);
    const { rows } = JSON.parse(show.stdout) as { rows: { property: string; adfs: string | null; cloud: string | null }[] };
    assert.equal(rows.find((row) => row.property === 'SigningCertificate')?.cloud, thumbprint(published));
  });

  it('FederationMetadata.xml, fetched from the internet through edge and WAP', () => {
    assertVerifies(metadata, published, 'the metadata', idAttributes.entityDescriptor);
  });

  for (const version of ['13', '2005'] as const) {
    it(`the SAML 1.1 assertion of a WS-Trust ${version} usernamemixed response, in place and extracted`, async () => {
      const endpoint = `https://fs.contoso.test/adfs/services/trust/${version}/usernamemixed`;
      const response = await internet.request(endpoint, { method: 'POST', headers: { 'content-type': 'application/soap+xml; charset=utf-8' }, body: buildRst({ version, username: 'joe@contoso.test', password: 'Joe!Lab2026', to: endpoint }) });
      assert.equal(response.status, 200, response.body);
      assertVerifies(response.body, published, 'the assertion inside the RSTR', idAttributes.saml11Assertion);
      assertVerifies(extractAssertionFromRstr(response.body), published, 'the extracted assertion', idAttributes.saml11Assertion);
    });
  }

  it('the assertion in the wresult of passive sign-in (F4), as the browser posts it to /login.srf', async () => {
    const journey = await passiveFederatedSignIn(internet, 'joe@contoso.test', 'Joe!Lab2026');
    assert.equal(journey.mailboxPage.status, 200);
    const wresult = journey.adfsResponse.fields.wresult;
    assert.ok(wresult);
    assertVerifies(extractAssertionFromRstr(wresult), published, 'the wresult assertion', idAttributes.saml11Assertion);
  });

  it('and refuses the metadata and an assertion with another certificate of the lab (the oracle is not vacuous)', async () => {
    const stranger = loadKeyPair(testLab.certsDir, 'tls/wap').certPem;
    assert.equal(xmlsecVerify(metadata, stranger, idAttributes.entityDescriptor).verified, false);
    const journey = await passiveFederatedSignIn(internet, 'joe@contoso.test', 'Joe!Lab2026');
    assert.equal(xmlsecVerify(extractAssertionFromRstr(journey.adfsResponse.fields.wresult!), stranger, idAttributes.saml11Assertion).verified, false);
  });
});
