import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { loadKeyPair, type KeyPair } from '../../../shared/pki/index.ts';
import { issueSaml11Assertion } from '../../../shared/saml/assertion-1-1.ts';
import { issueSaml20Assertion } from '../../../shared/saml/assertion-2-0.ts';
import { authenticationMethods } from '../../../shared/saml/namespaces.ts';
import { adminToken, callApi, syncObjects, syncToken } from './support/apis.ts';
import { startAzureAuth, type TestAzureAuth } from './support/azure-auth-app.ts';
import { tokenRequest } from './support/tokens.ts';

/**
 * The SAML 1.1 bearer grant (client-flows §2.3): an assertion from contoso.test's AD FS,
 * signed with its token-signing certificate, traded for an access token — and every
 * way of getting that wrong refused with invalid_grant.
 */
const issuer = 'http://fs.contoso.test/adfs/services/trust';
const mary = { immutableId: 'Hk8qbTyLWk6fECs8TV5vcQ==', upn: 'mary@contoso.test' };
const sam = { immutableId: 'jm1MKxoPPEuNXm96i5wNHg==', upn: 'sam@litware.test' };
let lab: TestAzureAuth;
let adfs: KeyPair;
const der = (pair: KeyPair) => new X509Certificate(pair.certPem).raw.toString('base64');

function assertionFor(user: { immutableId: string; upn: string }, signer: KeyPair = adfs, options: { issuer?: string; audience?: string } = {}): string {
  return issueSaml11Assertion({ ...user, authenticationMethod: authenticationMethods.password, insideCorporateNetwork: false }, signer, { issuer: options.issuer ?? issuer, audience: options.audience ?? 'urn:federation:MicrosoftOnline', now: lab.clock.now() });
}

function saml2AssertionFor(user: { immutableId: string; upn: string }, signer: KeyPair = adfs): string {
  return issueSaml20Assertion({ ...user, authenticationMethod: authenticationMethods.password, insideCorporateNetwork: false }, signer, { issuer, audience: 'urn:federation:MicrosoftOnline', now: lab.clock.now() });
}

function redeem2(xml: string, encoding: 'base64' | 'base64url' = 'base64url') {
  return tokenRequest(lab.app, { grant_type: 'urn:ietf:params:oauth:grant-type:saml2-bearer', client_id: '1b730954-1685-4b74-9bfd-dac224a7b894', resource: '00000002-0000-0ff1-ce00-000000000000', assertion: Buffer.from(xml).toString(encoding) });
}

function redeem(xml: string, encoding: 'base64' | 'base64url' = 'base64') {
  return tokenRequest(lab.app, { grant_type: 'urn:ietf:params:oauth:grant-type:saml1_1-bearer', client_id: '1b730954-1685-4b74-9bfd-dac224a7b894', resource: '00000002-0000-0ff1-ce00-000000000000', assertion: Buffer.from(xml).toString(encoding) });
}

function federate(settings: Record<string, unknown>) {
  return adminToken(lab).then((token) =>
    callApi(lab.app, {
      method: 'POST',
      url: `/${lab.tenantId}/admin/domains/contoso.test/federation`,
      token,
      body: { IssuerUri: issuer, PassiveLogOnUri: 'https://fs.contoso.test/adfs/ls/', ActiveLogOnUri: 'https://fs.contoso.test/adfs/services/trust/2005/usernamemixed', MetadataExchangeUri: 'https://fs.contoso.test/adfs/services/trust/mex', LogOffUri: 'https://fs.contoso.test/adfs/ls/', SigningCertificate: der(adfs), ...settings },
    }),
  );
}

before(async () => {
  lab = await startAzureAuth();
  adfs = loadKeyPair(lab.certsDir, 'signing/adfs-token-signing');
  assert.equal((await federate({})).statusCode, 200);
  await syncObjects(lab, await syncToken(lab), [
    { sourceAnchor: mary.immutableId, userPrincipalName: mary.upn, displayName: 'Mary Smith', mail: mary.upn, proxyAddresses: [`SMTP:${mary.upn}`], accountEnabled: true },
    { sourceAnchor: sam.immutableId, userPrincipalName: sam.upn, displayName: 'Sam Lee', mail: sam.upn, proxyAddresses: [`SMTP:${sam.upn}`], accountEnabled: true },
  ]);
});
after(() => lab.close());

describe('the SAML 1.1 bearer grant', () => {
  it('trades AD FS’s assertion for Mary’s access token, found by her ImmutableID', async () => {
    const response = await redeem(assertionFor(mary));
    assert.equal(response.statusCode, 200, response.body);
    const claims = decodeJwt(response.json().access_token);
    assert.deepEqual({ upn: claims.upn, aud: claims.aud, amr: claims.amr }, { upn: mary.upn, aud: '00000002-0000-0ff1-ce00-000000000000', amr: ['pwd', 'fed'] });
  });

  it('accepts base64url without padding, as MSAL sends it (RFC 7522)', async () => {
    const response = await redeem(assertionFor(mary), 'base64url');
    assert.equal(response.statusCode, 200, response.body);
  });

  it('refuses the same assertion twice', async () => {
    const xml = assertionFor(mary);
    assert.equal((await redeem(xml)).statusCode, 200);
    const replay = await redeem(xml);
    assert.equal(replay.statusCode, 400);
    assert.equal(replay.json().error, 'invalid_grant');
    assert.match(replay.json().error_description, /^SAML_REPLAYED/);
  });

  it('refuses an assertion signed with a key that is not the domain’s, even with its own certificate inside', async () => {
    const response = await redeem(assertionFor(mary, loadKeyPair(lab.certsDir, 'signing/exchange-online-federation')));
    assert.equal(response.json().error, 'invalid_grant');
    assert.match(response.json().error_description, /^AADSTS50008: Unable to verify token signature\. .*signed with certificate [0-9A-F]{40}, but contoso\.test trusts SigningCertificate [0-9A-F]{40}/);
  });

  it('refuses an assertion for another audience, and one from an issuer no domain trusts', async () => {
    assert.match((await redeem(assertionFor(mary, adfs, { audience: 'urn:other' }))).json().error_description, /^SAML_AUDIENCE/);
    assert.match((await redeem(assertionFor(mary, adfs, { issuer: 'http://evil.test/adfs/services/trust' }))).json().error_description, /AADSTS50107/);
  });

  it('refuses contoso.test’s identity provider speaking for a litware.test user', async () => {
    const response = await redeem(assertionFor(sam));
    assert.equal(response.statusCode, 400);
    assert.match(response.json().error_description, /AADSTS50107.*cannot sign in sam@litware\.test/);
  });

  it('refuses an expired assertion', async () => {
    const xml = assertionFor(mary);
    lab.clock.advance(3600 + 301);
    const response = await redeem(xml);
    assert.match(response.json().error_description, /^SAML_EXPIRED/);
  });

  it('accepts an assertion signed with the NextSigningCertificate during a rollover', async () => {
    const next = loadKeyPair(lab.certsDir, 'signing/adfs-token-decrypting');
    assert.equal((await federate({ NextSigningCertificate: der(next) })).statusCode, 200);
    assert.equal((await redeem(assertionFor(mary, next))).statusCode, 200);
    assert.equal((await redeem(assertionFor(mary))).statusCode, 200, 'the current certificate still works');
  });

  it('refuses an assertion that is not XML with AADSTS50107', async () => {
    const response = await tokenRequest(lab.app, { grant_type: 'urn:ietf:params:oauth:grant-type:saml1_1-bearer', client_id: 'x', resource: 'y', assertion: Buffer.from('not xml').toString('base64') });
    assert.equal(response.statusCode, 400);
    assert.match(response.json().error_description, /AADSTS50107/);
  });
});

describe('the SAML 2.0 bearer grant', () => {
  it('trades AD FS’s SAML 2.0 assertion for Mary’s access token, base64url and base64', async () => {
    for (const encoding of ['base64url', 'base64'] as const) {
      const response = await redeem2(saml2AssertionFor(mary), encoding);
      assert.equal(response.statusCode, 200, response.body);
      const claims = decodeJwt(response.json().access_token);
      assert.deepEqual({ upn: claims.upn, amr: claims.amr }, { upn: mary.upn, amr: ['pwd', 'fed'] });
    }
  });

  it('refuses a SAML 1.1 assertion under saml2-bearer, and a SAML 2.0 one under saml1_1-bearer', async () => {
    const wrongVersion = await redeem2(assertionFor(mary));
    assert.equal(wrongVersion.statusCode, 400);
    assert.equal(wrongVersion.json().error, 'invalid_grant');
    const otherWay = await redeem(saml2AssertionFor(mary));
    assert.equal(otherWay.statusCode, 400);
    assert.equal(otherWay.json().error, 'invalid_grant');
  });

  it('refuses the same SAML 2.0 assertion twice, and one signed by a key the domain does not trust', async () => {
    const xml = saml2AssertionFor(mary);
    assert.equal((await redeem2(xml)).statusCode, 200);
    assert.match((await redeem2(xml)).json().error_description, /^SAML_REPLAYED/);
    assert.match((await redeem2(saml2AssertionFor(mary, loadKeyPair(lab.certsDir, 'signing/exchange-online-federation')))).json().error_description, /^AADSTS50008/);
  });

  it('refuses contoso.test’s identity provider speaking for a litware.test user in SAML 2.0 too', async () => {
    assert.match((await redeem2(saml2AssertionFor(sam))).json().error_description, /AADSTS50107.*cannot sign in sam@litware\.test/);
  });
});
