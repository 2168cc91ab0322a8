import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { claimUris } from '../namespaces.ts';
import { createReplayCache, verifySaml11Assertion } from '../verify.ts';
import { assertRefused, claims, issue, issuedAt, issuer, lifetimeSeconds, useKeys, verify, verifyOptions } from './support.ts';

const keys = useKeys();
const at = (offsetSeconds: number, offsetMs = 0): Date => new Date(issuedAt.getTime() + offsetSeconds * 1000 + offsetMs);
const skew = 300;

describe('verifySaml11Assertion with a valid assertion', () => {
  it('returns every claim of the signed assertion', () => {
    const extra = { [claimUris.authnMethodsReferences]: ['urn:oasis:names:tc:SAML:1.0:am:password'] };
    const xml = issue(keys.signer, { insideCorporateNetwork: true, extraAttributes: extra });
    const verified = verify(xml, keys);
    assert.match(verified.assertionId, /^_[0-9a-f-]{36}$/);
    assert.equal(verified.issuer, issuer);
    assert.equal(verified.nameIdentifier, claims.immutableId);
    assert.deepEqual(
      verified.attributes,
      new Map([
        [claimUris.upn, [claims.upn]],
        [claimUris.immutableId, [claims.immutableId]],
        [claimUris.insideCorporateNetwork, ['true']],
        [claimUris.authnMethodsReferences, ['urn:oasis:names:tc:SAML:1.0:am:password']],
      ]),
    );
    assert.equal(verified.authenticationMethod, claims.authenticationMethod);
    assert.deepEqual(verified.notOnOrAfter, at(lifetimeSeconds));
    assert.equal(verified.signingCertificate, keys.signer.certPem);
  });

  it('reads an escaped value back exactly as it was issued', () => {
    const upn = `o'brien&<co>"@contoso.test`;
    assert.deepEqual(verify(issue(keys.signer, { upn }), keys).attributes.get(claimUris.upn), [upn]);
  });

  it('refuses options without a trusted certificate, or with one that is not a PEM certificate, with a TypeError', () => {
    assert.throws(() => verify(issue(keys.signer), keys, { trustedCertificates: [] }), TypeError);
    assert.throws(() => verify(issue(keys.signer), keys, { trustedCertificates: [keys.signer.keyPem] }), TypeError);
  });
});

describe('verifySaml11Assertion during a certificate rollover', () => {
  const both = (): { trustedCertificates: string[] } => ({ trustedCertificates: [keys.signer.certPem, keys.next.certPem] });

  it('accepts an assertion signed with the current certificate when current and next are trusted', () => {
    assert.equal(verify(issue(keys.signer), keys, both()).signingCertificate, keys.signer.certPem);
  });

  it('accepts an assertion signed with the next certificate when current and next are trusted', () => {
    assert.equal(verify(issue(keys.next), keys, both()).signingCertificate, keys.next.certPem);
  });

  it('refuses an assertion signed with the next certificate before it is trusted, with SAML_UNTRUSTED_KEY', () => {
    assertRefused(() => verify(issue(keys.next), keys), 'SAML_UNTRUSTED_KEY');
  });
});

describe('verifySaml11Assertion validity window, with the clock frozen', () => {
  it('accepts an assertion exactly 300 s before its NotBefore', () => {
    assert.ok(verify(issue(keys.signer), keys, { now: at(-skew) }));
  });

  it('refuses an assertion 1 ms earlier than that with SAML_NOT_YET_VALID', () => {
    assertRefused(() => verify(issue(keys.signer), keys, { now: at(-skew, -1) }), 'SAML_NOT_YET_VALID');
  });

  it('accepts an assertion 1 ms before NotOnOrAfter plus 300 s', () => {
    assert.ok(verify(issue(keys.signer), keys, { now: at(lifetimeSeconds + skew, -1) }));
  });

  it('refuses an assertion at exactly NotOnOrAfter plus 300 s with SAML_EXPIRED', () => {
    assertRefused(() => verify(issue(keys.signer), keys, { now: at(lifetimeSeconds + skew) }), 'SAML_EXPIRED');
  });

  it('refuses an assertion at exactly NotOnOrAfter when the clock skew is set to 0', () => {
    assertRefused(() => verify(issue(keys.signer), keys, { now: at(lifetimeSeconds), clockSkewSeconds: 0 }), 'SAML_EXPIRED');
  });

  it('refuses an assertion 1 ms before NotBefore when the clock skew is set to 0', () => {
    assertRefused(() => verify(issue(keys.signer), keys, { now: at(0, -1), clockSkewSeconds: 0 }), 'SAML_NOT_YET_VALID');
  });
});

describe('verifySaml11Assertion audience and issuer', () => {
  it('refuses an assertion for another audience with SAML_AUDIENCE', () => {
    assertRefused(() => verify(issue(keys.signer, {}, { audience: 'urn:federation:attacker' }), keys), 'SAML_AUDIENCE');
  });

  it('refuses a valid assertion presented to a relying party that expects another audience with SAML_AUDIENCE', () => {
    assertRefused(() => verify(issue(keys.signer), keys, { audience: 'https://other.contoso.test/' }), 'SAML_AUDIENCE');
  });

  it('refuses an assertion from another issuer with SAML_ISSUER', () => {
    assertRefused(() => verify(issue(keys.signer, {}, { issuer: 'http://fs.fabrikam.test/adfs/services/trust' }), keys), 'SAML_ISSUER');
  });

  it('compares the issuer exactly: https instead of http is another issuer', () => {
    assertRefused(() => verify(issue(keys.signer), keys, { issuer: issuer.replace('http:', 'https:') }), 'SAML_ISSUER');
  });
});

describe('verifySaml11Assertion replay protection', () => {
  it('refuses the second use of the same assertion with SAML_REPLAYED', () => {
    const xml = issue(keys.signer);
    const options = verifyOptions(keys);
    assert.ok(verifySaml11Assertion(xml, options));
    assertRefused(() => verifySaml11Assertion(xml, options), 'SAML_REPLAYED');
  });

  it('does not record an assertion that another check refused', () => {
    const xml = issue(keys.signer);
    const options = verifyOptions(keys);
    assertRefused(() => verifySaml11Assertion(xml, { ...options, audience: 'urn:other' }), 'SAML_AUDIENCE');
    assert.ok(verifySaml11Assertion(xml, options));
  });

  it('keeps an ID in the in-memory cache until NotOnOrAfter plus the skew, then forgets it', () => {
    let now = issuedAt;
    const cache = createReplayCache({ now: () => now });
    const until = at(lifetimeSeconds + skew);
    assert.equal(cache.seen('_a', until), false);
    now = at(lifetimeSeconds + skew, -1);
    assert.equal(cache.seen('_a', until), true);
    now = until;
    assert.equal(cache.seen('_a', until), false);
  });
});
