import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { SignedXml } from 'xml-crypto';
import type { KeyPair } from '../../pki/index.ts';
import { algorithms, DSIG_NS, SAML11_NS } from '../namespaces.ts';
import { signSaml11Assertion } from '../sign.ts';
import { assertRefused, claims, first, impersonateVictim, issue, mutate, setText, useKeys, verify, withoutSignature } from './support.ts';

/** security.md's signature rows, each built from a valid signed assertion. */
const keys = useKeys();

/** The victim's assertion, unsigned: what every forger starts from. */
const forged = (): string => withoutSignature(mutate(issue(keys.signer), (document) => impersonateVictim(document.documentElement!)));

/** Signs with any algorithms xml-crypto knows, as an attacker (or an odd IdP) could. */
function signWith(unsigned: string, key: KeyPair | string, signatureAlgorithm: string, digestAlgorithm: string, hmac = false): string {
  const signer = new SignedXml({ privateKey: typeof key === 'string' ? key : key.keyPem, publicCert: typeof key === 'string' ? undefined : key.certPem, signatureAlgorithm, canonicalizationAlgorithm: algorithms.excC14n, idAttribute: 'AssertionID' });
  if (hmac) signer.enableHMAC();
  signer.addReference({ xpath: '/*', transforms: [algorithms.envelopedSignature, algorithms.excC14n], digestAlgorithm });
  signer.computeSignature(unsigned, { prefix: 'ds', location: { reference: '/*', action: 'append' } });
  return signer.getSignedXml();
}

describe('verifySaml11Assertion against tampering and stripping', () => {
  it('refuses an assertion edited after signing with SAML_SIGNATURE', () => {
    assertRefused(() => verify(mutate(issue(keys.signer), (document) => impersonateVictim(document.documentElement!)), keys), 'SAML_SIGNATURE');
  });

  it('refuses an assertion whose signature was stripped with SAML_UNSIGNED', () => {
    assertRefused(() => verify(forged(), keys), 'SAML_UNSIGNED');
  });

  it('refuses a comment in DigestValue carrying the forged digest (CVE-2025-29775) with SAML_SIGNATURE', () => {
    const xml = mutate(issue(keys.signer), (document) => {
      impersonateVictim(document.documentElement!);
      const digestValue = first(document, DSIG_NS, 'DigestValue');
      const forgedDigest = createHash('sha256').update('forged').digest('base64');
      digestValue.insertBefore(document.createComment(forgedDigest), digestValue.firstChild);
    });
    assertRefused(() => verify(xml, keys), 'SAML_SIGNATURE');
  });

  it('refuses a comment inserted in the NameIdentifier after signing (CVE-2017-11427) with SAML_SIGNATURE', () => {
    const xml = mutate(issue(keys.signer, { immutableId: 'joe@contoso.test.evil.test' }), (document) => {
      const name = first(document, SAML11_NS, 'NameIdentifier');
      setText(name, 'joe@contoso.test');
      name.appendChild(document.createComment(''));
      name.appendChild(document.createTextNode('.evil.test'));
    });
    assertRefused(() => verify(xml, keys), 'SAML_SIGNATURE');
  });

  it('refuses a processing instruction inserted in the NameIdentifier with SAML_SIGNATURE', () => {
    const xml = mutate(issue(keys.signer), (document) => {
      first(document, SAML11_NS, 'NameIdentifier').appendChild(document.createProcessingInstruction('x', 'y'));
    });
    assertRefused(() => verify(xml, keys), 'SAML_SIGNATURE');
  });
});

describe('verifySaml11Assertion key pinning', () => {
  it("refuses an assertion re-signed with another key and that key's certificate in KeyInfo with SAML_UNTRUSTED_KEY", () => {
    // The attacker's certificate is even issued by the lab CA: a chain proves nothing here.
    assertRefused(() => verify(signSaml11Assertion(forged(), keys.attacker), keys), 'SAML_UNTRUSTED_KEY');
  });

  it("refuses an assertion re-signed with another key but the trusted certificate copied into KeyInfo with SAML_SIGNATURE", () => {
    const xml = mutate(signSaml11Assertion(forged(), keys.attacker), (document) => {
      const trusted = first(document, DSIG_NS, 'X509Certificate');
      setText(trusted, keys.signer.certPem.replace(/-----[^-]+-----|\s/g, ''));
    });
    assertRefused(() => verify(xml, keys), 'SAML_SIGNATURE');
  });

  it('accepts a genuine assertion whose KeyInfo certificate was swapped, since KeyInfo is ignored', () => {
    const xml = mutate(issue(keys.signer), (document) => setText(first(document, DSIG_NS, 'X509Certificate'), keys.attacker.certPem.replace(/-----[^-]+-----|\s/g, '')));
    assert.equal(verify(xml, keys).signingCertificate, keys.signer.certPem);
  });

  it('refuses hmac-sha1 keyed with the public certificate (HMAC confusion) with SAML_ALGORITHM', () => {
    const xml = signWith(forged(), keys.signer.certPem, 'http://www.w3.org/2000/09/xmldsig#hmac-sha1', algorithms.sha1, true);
    assertRefused(() => verify(xml, keys), 'SAML_ALGORITHM');
  });
});

describe('verifySaml11Assertion algorithm pinning', () => {
  const unsigned = (): string => withoutSignature(issue(keys.signer));

  it('accepts rsa-sha1 with a sha1 digest, which real AD FS fixtures carry', () => {
    assert.equal(verify(signWith(unsigned(), keys.signer, algorithms.rsaSha1, algorithms.sha1), keys).nameIdentifier, claims.immutableId);
  });

  it('refuses rsa-sha256 over a sha1 digest with SAML_ALGORITHM', () => {
    assertRefused(() => verify(signWith(unsigned(), keys.signer, algorithms.rsaSha256, algorithms.sha1), keys), 'SAML_ALGORITHM');
  });

  it('refuses rsa-sha512, which is not pinned, with SAML_ALGORITHM', () => {
    assertRefused(() => verify(signWith(unsigned(), keys.signer, 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512', 'http://www.w3.org/2001/04/xmlenc#sha512'), keys), 'SAML_ALGORITHM');
  });

  it('refuses an extra XPath transform with SAML_ALGORITHM', () => {
    const xml = mutate(issue(keys.signer), (document) => {
      const xpathTransform = document.createElementNS(DSIG_NS, 'ds:Transform');
      xpathTransform.setAttribute('Algorithm', 'http://www.w3.org/TR/1999/REC-xpath-19991116');
      const expression = document.createElementNS(DSIG_NS, 'ds:XPath');
      expression.appendChild(document.createTextNode('not(ancestor-or-self::saml:NameIdentifier)'));
      xpathTransform.appendChild(expression);
      first(document, DSIG_NS, 'Transforms').appendChild(xpathTransform);
    });
    assertRefused(() => verify(xml, keys), 'SAML_ALGORITHM');
  });

  it('refuses exc-c14n with comments as a transform with SAML_ALGORITHM', () => {
    const xml = mutate(issue(keys.signer), (document) => {
      document.getElementsByTagNameNS(DSIG_NS, 'Transform')[1]!.setAttribute('Algorithm', `${algorithms.excC14n}WithComments`);
    });
    assertRefused(() => verify(xml, keys), 'SAML_ALGORITHM');
  });

  it('refuses inclusive c14n as the CanonicalizationMethod with SAML_ALGORITHM', () => {
    const xml = mutate(issue(keys.signer), (document) => {
      first(document, DSIG_NS, 'CanonicalizationMethod').setAttribute('Algorithm', 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315');
    });
    assertRefused(() => verify(xml, keys), 'SAML_ALGORITHM');
  });

  it('refuses a Reference without the enveloped-signature transform with SAML_ALGORITHM', () => {
    const xml = mutate(issue(keys.signer), (document) => {
      const transforms = first(document, DSIG_NS, 'Transforms');
      transforms.removeChild(first(transforms, DSIG_NS, 'Transform'));
    });
    assertRefused(() => verify(xml, keys), 'SAML_ALGORITHM');
  });
});
