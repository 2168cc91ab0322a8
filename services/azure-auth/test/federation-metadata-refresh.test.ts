import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { issueCertificate, loadKeyPair, type KeyPair } from '../../../shared/pki/index.ts';
import { issueSaml11Assertion } from '../../../shared/saml/assertion-1-1.ts';
import { authenticationMethods } from '../../../shared/saml/namespaces.ts';
import { signedFederationMetadata } from '../../adfs/src/domain/metadata/sign-metadata.ts';
import { adminToken, callApi, syncObjects, syncToken } from './support/apis.ts';
import { startAzureAuth, type TestAzureAuth } from './support/azure-auth-app.ts';
import { tokenRequest } from './support/tokens.ts';

/**
 * The cloud learning a token-signing rollover from AD FS's federation metadata (Entra ID's
 * automatic certificate update): what verified metadata changes in contoso.test's trust at
 * each phase, and every kind of metadata that must change nothing — unsigned, tampered,
 * signed by a certificate that vouches for itself, about another federation service, or
 * not there at all. The metadata is AD FS's own signer's; the fetch is the test's.
 */
const issuer = 'http://fs.contoso.test/adfs/services/trust';
const metadataUrl = 'https://fs.contoso.test/FederationMetadata/2007-06/FederationMetadata.xml';
const mary = { immutableId: 'Hk8qbTyLWk6fECs8TV5vcQ==', upn: 'mary@contoso.test' };
const der = (pair: KeyPair): string => new X509Certificate(pair.certPem).raw.toString('base64');
const thumbprint = (pair: KeyPair): string => createHash('sha1').update(new X509Certificate(pair.certPem).raw).digest('hex').toUpperCase();

let lab: TestAzureAuth;
let original: KeyPair;
let next: KeyPair;
let stranger: KeyPair;
let served: { status: number; body: string } | Error;
const fetched: string[] = [];

function metadata(signer: KeyPair, published: KeyPair[], entityId = issuer): string {
  return signedFederationMetadata({ signer, published, issuer: entityId, federationServiceName: 'fs.contoso.test' });
}

function serve(body: string, status = 200): void {
  served = { status, body };
}

async function federate(settings: Record<string, unknown> = {}): Promise<void> {
  const response = await callApi(lab.app, {
    method: 'POST',
    url: `/${lab.tenantId}/admin/domains/contoso.test/federation`,
    token: await adminToken(lab),
    body: { IssuerUri: issuer, PassiveLogOnUri: 'https://fs.contoso.test/adfs/ls/', ActiveLogOnUri: 'https://fs.contoso.test/adfs/services/trust/2005/usernamemixed', MetadataExchangeUri: 'https://fs.contoso.test/adfs/services/trust/mex', LogOffUri: 'https://fs.contoso.test/adfs/ls/', SigningCertificate: der(original), ...settings },
  });
  assert.equal(response.statusCode, 200, response.body);
}

async function refresh(domain = 'contoso.test') {
  return callApi(lab.app, { method: 'POST', url: `/${lab.tenantId}/admin/domains/${domain}/federation/refresh`, token: await adminToken(lab) });
}

async function trust(): Promise<{ SigningCertificate: string; NextSigningCertificate: string | null; SigningCertificateUpdateStatus?: { certificateUpdateResult: string; detail: string; lastRunDateTime: string } }> {
  return (await callApi(lab.app, { method: 'GET', url: `/${lab.tenantId}/admin/domains/contoso.test/federation`, token: await adminToken(lab) })).json();
}

function signIn(signer: KeyPair) {
  const assertion = issueSaml11Assertion({ ...mary, authenticationMethod: authenticationMethods.password, insideCorporateNetwork: true }, signer, { issuer, audience: 'urn:federation:MicrosoftOnline', now: lab.clock.now() });
  return tokenRequest(lab.app, { grant_type: 'urn:ietf:params:oauth:grant-type:saml1_1-bearer', client_id: '1b730954-1685-4b74-9bfd-dac224a7b894', resource: '00000002-0000-0ff1-ce00-000000000000', assertion: Buffer.from(assertion).toString('base64') });
}

before(async () => {
  lab = await startAzureAuth({
    service: {
      fetchMetadata: async (url) => {
        fetched.push(url);
        if (served instanceof Error) throw served;
        return served;
      },
    },
  });
  original = loadKeyPair(lab.certsDir, 'signing/adfs-token-signing');
  next = issueCertificate({ commonName: 'ADFS Signing - fs.contoso.test', usage: 'signing', validDays: 365, issuer: loadKeyPair(lab.certsDir, 'ca/lab-root') });
  stranger = loadKeyPair(lab.certsDir, 'signing/exchange-online-federation');
  await syncObjects(lab, await syncToken(lab), [{ sourceAnchor: mary.immutableId, userPrincipalName: mary.upn, displayName: 'Mary Smith', mail: mary.upn, proxyAddresses: [`SMTP:${mary.upn}`], accountEnabled: true }]);
});
after(() => lab.close());

describe('refreshing contoso.test from verified metadata through a whole rollover', () => {
  before(() => federate());

  it('changes nothing while AD FS publishes the trusted certificate alone, and says so', async () => {
    serve(metadata(original, [original]));
    const response = await refresh();
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(fetched.at(-1), metadataUrl);
    assert.deepEqual([response.json().SigningCertificate, response.json().NextSigningCertificate], [der(original), null]);
    assert.equal(response.json().SigningCertificateUpdateStatus.certificateUpdateResult, 'noNewCertificateFound');
  });

  it('next: learns the second published certificate as NextSigningCertificate, and trusts its assertions', async () => {
    serve(metadata(original, [original, next]));
    const response = await refresh();
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual([response.json().SigningCertificate, response.json().NextSigningCertificate], [der(original), der(next)]);
    assert.deepEqual([response.json().SigningCertificateUpdateStatus.certificateUpdateResult, response.json().SigningCertificateUpdateStatus.detail], ['success', `learned NextSigningCertificate ${thumbprint(next)}`]);
    assert.equal((await signIn(next)).statusCode, 200);
    assert.equal((await signIn(original)).statusCode, 200);
  });

  it('promote: metadata signed by the next certificate makes it SigningCertificate; the old one stays Next while still published', async () => {
    serve(metadata(next, [next, original]));
    const response = await refresh();
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual([response.json().SigningCertificate, response.json().NextSigningCertificate], [der(next), der(original)]);
    assert.match(response.json().SigningCertificateUpdateStatus.detail, new RegExp(`promoted NextSigningCertificate ${thumbprint(next)} to SigningCertificate.*kept the previous SigningCertificate ${thumbprint(original)}`));
    assert.equal((await signIn(original)).statusCode, 200, 'an assertion signed just before promotion still works');
  });

  it('finish: the old certificate, no longer published, is no longer trusted', async () => {
    serve(metadata(next, [next]));
    const response = await refresh();
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual([response.json().SigningCertificate, response.json().NextSigningCertificate], [der(next), null]);
    assert.equal(response.json().SigningCertificateUpdateStatus.detail, `dropped ${thumbprint(original)}, which AD FS no longer publishes`);
    const refused = await signIn(original);
    assert.equal(refused.statusCode, 400);
    assert.match(refused.json().error_description, new RegExp(`^AADSTS50008: .*signed with certificate ${thumbprint(original)}, but contoso\\.test trusts SigningCertificate ${thumbprint(next)} \\(no NextSigningCertificate\\)`));
    assert.equal((await signIn(next)).statusCode, 200);
  });
});

describe('metadata that must not change the trust', () => {
  beforeEach(() => federate());

  async function refusedWith(code: string, result: string, reason: RegExp): Promise<void> {
    const response = await refresh();
    assert.equal(response.statusCode, 502, response.body);
    assert.equal(response.json().error, code);
    assert.match(response.json().message, reason);
    const after = await trust();
    assert.deepEqual([after.SigningCertificate, after.NextSigningCertificate], [der(original), null], 'the trust is unchanged');
    assert.equal(after.SigningCertificateUpdateStatus?.certificateUpdateResult, result);
    assert.match(after.SigningCertificateUpdateStatus?.detail ?? '', new RegExp(`^${code}: `));
  }

  it('refuses unsigned metadata', async () => {
    serve(metadata(original, [original, stranger]).replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, ''));
    await refusedWith('METADATA_UNSIGNED', 'noValidExistingCertFound', /not signed/);
  });

  it('refuses metadata tampered with after signing: a certificate slipped in beside the trusted one', async () => {
    const genuine = metadata(original, [original]);
    const slipped = genuine.replace('</KeyDescriptor>', `</KeyDescriptor><KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>${der(stranger)}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>`);
    assert.notEqual(slipped, genuine);
    serve(slipped);
    await refusedWith('METADATA_UNTRUSTED_SIGNATURE', 'noValidExistingCertFound', /does not verify with SigningCertificate [0-9A-F]{40}/);
  });

  it('refuses metadata signed by a certificate that only vouches for itself', async () => {
    serve(metadata(stranger, [stranger, original]));
    await refusedWith('METADATA_UNTRUSTED_SIGNATURE', 'noValidExistingCertFound', /SAML_UNTRUSTED_KEY/);
    assert.equal((await signIn(stranger)).statusCode, 400);
  });

  it('refuses metadata signed by the next certificate before the cloud learned it (promote too early)', async () => {
    serve(metadata(next, [next, original]));
    await refusedWith('METADATA_UNTRUSTED_SIGNATURE', 'noValidExistingCertFound', /does not verify with SigningCertificate/);
  });

  it('refuses signed metadata about another federation service', async () => {
    serve(metadata(original, [original, next], 'http://fs.fabrikam.test/adfs/services/trust'));
    await refusedWith('METADATA_WRONG_ENTITY', 'unknownError', /entityID "http:\/\/fs\.fabrikam\.test\/adfs\/services\/trust", not this domain's IssuerUri/);
  });

  it('refuses a wrapped document: a second signature', async () => {
    const genuine = metadata(original, [original]);
    const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(genuine)![0];
    serve(genuine.replace('<ContactPerson', `${signature}<ContactPerson`));
    await refusedWith('METADATA_UNTRUSTED_SIGNATURE', 'noValidExistingCertFound', /SAML_WRAPPED/);
  });

  it('refuses what is not metadata, and a DOCTYPE', async () => {
    serve('<html><body>maintenance</body></html>');
    await refusedWith('METADATA_MALFORMED', 'xmlParsingError', /not a SAML 2.0 metadata EntityDescriptor/);
    serve('<!DOCTYPE x [<!ENTITY e "e">]><EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata"/>');
    await refusedWith('METADATA_MALFORMED', 'xmlParsingError', /DOCTYPE/);
  });

  it('reports an unreachable or failing metadata endpoint', async () => {
    serve('not here', 404);
    await refusedWith('METADATA_HTTP_ERROR', 'notFound', /answered HTTP 404/);
    served = new Error('connect ECONNREFUSED');
    await refusedWith('METADATA_UNREACHABLE', 'couldNotAccessRemoteHost', /ECONNREFUSED/);
  });
});

describe('the refresh API', () => {
  it('is for Global Administrators of the tenant, for a federated domain', async () => {
    const anonymous = await callApi(lab.app, { method: 'POST', url: `/${lab.tenantId}/admin/domains/contoso.test/federation/refresh` });
    assert.equal(anonymous.statusCode, 401);
    const managed = await refresh('litware.test');
    assert.equal(managed.statusCode, 404);
    assert.equal(managed.json().error, 'DOMAIN_NOT_FEDERATED');
  });
});

describe('the schedule', () => {
  it('refreshes every federated domain each interval without being asked', async () => {
    let calls = 0;
    const scheduled = await startAzureAuth({
      config: { metadataRefreshSeconds: 1 },
      service: {
        fetchMetadata: async () => {
          calls += 1;
          return { status: 200, body: metadata(original, [original, next]) };
        },
      },
    });
    try {
      const token = await adminToken(scheduled);
      const body = { IssuerUri: issuer, PassiveLogOnUri: 'https://fs.contoso.test/adfs/ls/', ActiveLogOnUri: 'https://fs.contoso.test/adfs/services/trust/2005/usernamemixed', MetadataExchangeUri: 'https://fs.contoso.test/adfs/services/trust/mex', LogOffUri: 'https://fs.contoso.test/adfs/ls/', SigningCertificate: der(original) };
      assert.equal((await callApi(scheduled.app, { method: 'POST', url: `/${scheduled.tenantId}/admin/domains/contoso.test/federation`, token, body })).statusCode, 200);
      const deadline = Date.now() + 5000;
      let learned: string | null = null;
      while (Date.now() < deadline && !learned) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        learned = (await callApi(scheduled.app, { method: 'GET', url: `/${scheduled.tenantId}/admin/domains/contoso.test/federation`, token })).json().NextSigningCertificate;
      }
      assert.equal(learned, der(next));
      assert.ok(calls >= 1);
    } finally {
      await scheduled.close();
    }
  });
});
