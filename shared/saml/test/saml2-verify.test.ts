import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createReplayCache, verifySaml11Assertion, verifySamlAssertion } from '../verify.ts';
import { claimedIssuer } from '../claimed-issuer.ts';
import { renderSaml20Assertion } from '../assertion-2-0-template.ts';
import { signSaml20Assertion } from '../sign.ts';
import { issue2, verify2 } from './saml2-support.ts';
import { assertRefused, audience, claims, issue, issuedAt, issuer, lifetimeSeconds, useKeys, verifyOptions, victim } from './support.ts';

/** verifySaml20Assertion's conditions: what the SAML 1.1 verify tests check, in SAML 2.0. */
const keys = useKeys();
const at = (seconds: number): Date => new Date(issuedAt.getTime() + seconds * 1000);

describe('verifySaml20Assertion on a genuine assertion', () => {
  it('returns the NameID, attributes by claim URI, the AuthnContextClassRef and the signing certificate', () => {
    const verified = verify2(issue2(keys.signer), keys);
    assert.equal(verified.nameIdentifier, claims.immutableId);
    assert.equal(verified.issuer, issuer);
    assert.deepEqual(verified.attributes.get('http://schemas.xmlsoap.org/claims/UPN'), [claims.upn]);
    assert.deepEqual(verified.attributes.get('http://schemas.microsoft.com/LiveID/Federation/2008/05/ImmutableID'), [claims.immutableId]);
    assert.equal(verified.authenticationMethod, 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport');
    assert.equal(verified.notOnOrAfter.getTime(), at(lifetimeSeconds).getTime());
    assert.equal(verified.signingCertificate, keys.signer.certPem);
  });

  it('accepts one signed with the next certificate of a rollover when both are trusted', () => {
    assert.equal(verify2(issue2(keys.next), keys, { trustedCertificates: [keys.signer.certPem, keys.next.certPem] }).signingCertificate, keys.next.certPem);
  });

  it('claims its issuer from the Issuer element, for choosing a trust only', () => {
    assert.equal(claimedIssuer(issue2(keys.signer), '2.0'), issuer);
    assert.equal(claimedIssuer(issue(keys.signer), '2.0'), '', 'a SAML 1.1 assertion claims no SAML 2.0 issuer');
  });
});

describe('verifySaml20Assertion conditions', () => {
  it('accepts it up to 300 s before NotBefore and refuses it earlier with SAML_NOT_YET_VALID', () => {
    assert.ok(verify2(issue2(keys.signer), keys, { now: at(-300) }));
    assertRefused(() => verify2(issue2(keys.signer), keys, { now: at(-301) }), 'SAML_NOT_YET_VALID');
  });

  it('accepts it until 300 s after NotOnOrAfter and refuses it then with SAML_EXPIRED', () => {
    assert.ok(verify2(issue2(keys.signer), keys, { now: at(lifetimeSeconds + 299) }));
    assertRefused(() => verify2(issue2(keys.signer), keys, { now: at(lifetimeSeconds + 300) }), 'SAML_EXPIRED');
  });

  it('refuses one whose bearer SubjectConfirmationData expired, though its Conditions still hold, with SAML_EXPIRED', () => {
    const xml = signedAfter((unsigned) => unsigned.replace(/(<SubjectConfirmationData NotOnOrAfter=")[^"]*/, `$1${at(60).toISOString()}`));
    assert.ok(verify2(xml, keys, { now: at(60 + 299) }));
    assertRefused(() => verify2(xml, keys, { now: at(60 + 300) }), 'SAML_EXPIRED');
  });

  it('refuses one without a bearer SubjectConfirmation (RFC 7522 §3) with SAML_CONFIRMATION', () => {
    const xml = signedAfter((unsigned) => unsigned.replace('urn:oasis:names:tc:SAML:2.0:cm:bearer', 'urn:oasis:names:tc:SAML:2.0:cm:sender-vouches'));
    assertRefused(() => verify2(xml, keys), 'SAML_CONFIRMATION');
  });

  it('refuses one whose Version is not 2.0 with XML_REJECTED', () => {
    assertRefused(() => verify2(signedAfter((unsigned) => unsigned.replace('Version="2.0"', 'Version="2.1"')), keys), 'XML_REJECTED');
  });

  it('refuses one with two NameIDs in its Subject with XML_REJECTED', () => {
    const xml = signedAfter((unsigned) => unsigned.replace('</NameID>', `</NameID><NameID>${victim.immutableId}</NameID>`));
    assertRefused(() => verify2(xml, keys), 'XML_REJECTED');
  });

  it('refuses one for another audience with SAML_AUDIENCE and from another issuer with SAML_ISSUER', () => {
    assertRefused(() => verify2(issue2(keys.signer, {}, { audience: 'urn:other' }), keys), 'SAML_AUDIENCE');
    assertRefused(() => verify2(issue2(keys.signer, {}, { issuer: 'http://evil.test/adfs/services/trust' }), keys), 'SAML_ISSUER');
  });

  it('refuses the same assertion twice with SAML_REPLAYED', () => {
    const xml = issue2(keys.signer);
    const replayCache = createReplayCache({ now: () => issuedAt });
    assert.ok(verify2(xml, keys, { replayCache }));
    assertRefused(() => verify2(xml, keys, { replayCache }), 'SAML_REPLAYED');
  });

  it('refuses a SAML 1.1 assertion handed to the SAML 2.0 verifier, and the reverse, with SAML_WRAPPED', () => {
    assertRefused(() => verifySamlAssertion('2.0', issue(keys.signer), verifyOptions(keys)), 'SAML_WRAPPED');
    assertRefused(() => verifySaml11Assertion(issue2(keys.signer), verifyOptions(keys)), 'SAML_WRAPPED');
  });
});

/** A genuine assertion edited before it is signed: the checks after the signature, not the signature, must refuse it. */
function signedAfter(edit: (unsigned: string) => string): string {
  const instant = issuedAt.toISOString();
  const unsigned = renderSaml20Assertion({
    id: '_edited-before-signing',
    issuer,
    issueInstant: instant,
    notBefore: instant,
    notOnOrAfter: at(lifetimeSeconds).toISOString(),
    audience,
    nameId: claims.immutableId,
    attributes: [{ name: 'http://schemas.xmlsoap.org/claims/UPN', values: [claims.upn] }],
    authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
    authnInstant: instant,
  });
  return signSaml20Assertion(edit(unsigned), keys.signer);
}
