import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Document, Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import type { KeyPair } from '../../pki/index.ts';
import { algorithms, DSIG_NS, SAML2_NS } from '../namespaces.ts';
import { signSaml20Assertion } from '../sign.ts';
import { evilCopy2, impersonateVictim2, issue2, mutate2, verify2, withoutSignature2 } from './saml2-support.ts';
import { assertRefused, claims, first, setText, useKeys } from './support.ts';

/**
 * security.md's attack rows against verifySaml20Assertion, one per class, mirroring the
 * SAML 1.1 tests (signature-attacks, wrapping, parser-attacks): SAML 2.0 gets no
 * weaker a consumer than SAML 1.1.
 */
const keys = useKeys();
const forged = (): string => withoutSignature2(mutate2(issue2(keys.signer), (document) => impersonateVictim2(document.documentElement!)));

function signWith(unsigned: string, key: KeyPair | string, signatureAlgorithm: string, digestAlgorithm: string, hmac = false): string {
  const signer = new SignedXml({ privateKey: typeof key === 'string' ? key : key.keyPem, publicCert: typeof key === 'string' ? undefined : key.certPem, signatureAlgorithm, canonicalizationAlgorithm: algorithms.excC14n });
  if (hmac) signer.enableHMAC();
  signer.addReference({ xpath: '/*', transforms: [algorithms.envelopedSignature, algorithms.excC14n], digestAlgorithm });
  signer.computeSignature(unsigned, { prefix: 'ds', location: { reference: `/*/*[local-name(.)='Issuer']`, action: 'after' } });
  return signer.getSignedXml();
}

describe('verifySaml20Assertion against tampering, stripping and key confusion', () => {
  it('refuses an assertion edited after signing with SAML_SIGNATURE', () => {
    assertRefused(() => verify2(mutate2(issue2(keys.signer), (document) => impersonateVictim2(document.documentElement!)), keys), 'SAML_SIGNATURE');
  });

  it('refuses an assertion whose signature was stripped with SAML_UNSIGNED', () => {
    assertRefused(() => verify2(forged(), keys), 'SAML_UNSIGNED');
  });

  it('refuses a comment inserted in the NameID after signing (CVE-2017-11427) with SAML_SIGNATURE', () => {
    const xml = mutate2(issue2(keys.signer, { immutableId: 'joe@contoso.test.evil.test' }), (document) => {
      const name = first(document, SAML2_NS, 'NameID');
      setText(name, 'joe@contoso.test');
      name.appendChild(document.createComment(''));
      name.appendChild(document.createTextNode('.evil.test'));
    });
    assertRefused(() => verify2(xml, keys), 'SAML_SIGNATURE');
  });

  it("refuses one re-signed with another key and that key's certificate in KeyInfo with SAML_UNTRUSTED_KEY", () => {
    assertRefused(() => verify2(signSaml20Assertion(forged(), keys.attacker), keys), 'SAML_UNTRUSTED_KEY');
  });

  it('refuses one re-signed with another key but the trusted certificate copied into KeyInfo with SAML_SIGNATURE', () => {
    const xml = mutate2(signSaml20Assertion(forged(), keys.attacker), (document) => setText(first(document, DSIG_NS, 'X509Certificate'), keys.signer.certPem.replace(/-----[^-]+-----|\s/g, '')));
    assertRefused(() => verify2(xml, keys), 'SAML_SIGNATURE');
  });

  it('refuses hmac-sha1 keyed with the public certificate (HMAC confusion) with SAML_ALGORITHM', () => {
    assertRefused(() => verify2(signWith(forged(), keys.signer.certPem, 'http://www.w3.org/2000/09/xmldsig#hmac-sha1', algorithms.sha1, true), keys), 'SAML_ALGORITHM');
  });

  it('refuses rsa-sha256 over a sha1 digest and an extra XPath transform with SAML_ALGORITHM', () => {
    assertRefused(() => verify2(signWith(withoutSignature2(issue2(keys.signer)), keys.signer, algorithms.rsaSha256, algorithms.sha1), keys), 'SAML_ALGORITHM');
    const xml = mutate2(issue2(keys.signer), (document) => {
      const xpathTransform = document.createElementNS(DSIG_NS, 'ds:Transform');
      xpathTransform.setAttribute('Algorithm', 'http://www.w3.org/TR/1999/REC-xpath-19991116');
      first(document, DSIG_NS, 'Transforms').appendChild(xpathTransform);
    });
    assertRefused(() => verify2(xml, keys), 'SAML_ALGORITHM');
  });
});

describe('verifySaml20Assertion against signature wrapping (XSW)', () => {
  function wrapped(order: (original: Element, evil: Element) => Element[]): string {
    return mutate2(issue2(keys.signer), (document: Document) => {
      const original = document.documentElement!;
      const evil = evilCopy2(original);
      document.removeChild(original);
      const wrapper = document.createElementNS('urn:attacker:wrapper', 'w:Wrapper');
      for (const element of order(original, evil)) wrapper.appendChild(element);
      document.appendChild(wrapper);
    });
  }

  it('verifies the untouched fixture every wrapping starts from', () => {
    assert.equal(verify2(issue2(keys.signer), keys).nameIdentifier, claims.immutableId);
  });

  it('refuses a forged copy placed before, or after, the signed original with SAML_WRAPPED', () => {
    assertRefused(() => verify2(wrapped((original, evil) => [evil, original]), keys), 'SAML_WRAPPED');
    assertRefused(() => verify2(wrapped((original, evil) => [original, evil]), keys), 'SAML_WRAPPED');
  });

  it('refuses a forged root whose Signature hides the signed original in ds:Object with SAML_WRAPPED', () => {
    const xml = mutate2(issue2(keys.signer), (document) => {
      const original = document.documentElement!;
      const evil = evilCopy2(original);
      document.removeChild(original);
      document.appendChild(evil);
      const signature = first(original, DSIG_NS, 'Signature');
      original.removeChild(signature);
      const object = document.createElementNS(DSIG_NS, 'ds:Object');
      object.appendChild(original);
      signature.appendChild(object);
      evil.insertBefore(signature, first(evil, SAML2_NS, 'Subject'));
    });
    assertRefused(() => verify2(xml, keys), 'SAML_WRAPPED');
  });

  it('refuses an unsigned assertion about the victim appended inside the signed one (Advice) with SAML_WRAPPED', () => {
    const xml = mutate2(issue2(keys.signer), (document) => {
      const advice = document.createElementNS(SAML2_NS, 'Advice');
      advice.appendChild(evilCopy2(document.documentElement!));
      document.documentElement!.insertBefore(advice, first(document, SAML2_NS, 'AttributeStatement'));
    });
    assertRefused(() => verify2(xml, keys), 'SAML_WRAPPED');
  });

  it('refuses a second element carrying the signed ID with SAML_WRAPPED', () => {
    const xml = mutate2(issue2(keys.signer), (document) => {
      const id = document.documentElement!.getAttribute('ID')!;
      first(document, SAML2_NS, 'AttributeStatement').setAttribute('ID', id);
    });
    assertRefused(() => verify2(xml, keys), 'SAML_WRAPPED');
  });
});

describe('verifySaml20Assertion against parser attacks', () => {
  it('refuses an external entity (XXE) in the NameID with XML_REJECTED', () => {
    const xml = `<!DOCTYPE Assertion [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${issue2(keys.signer).replace(/(<NameID[^>]*>)[^<]*/, '$1&xxe;')}`;
    assertRefused(() => verify2(xml, keys), 'XML_REJECTED');
  });

  it('refuses a DOCTYPE that declares nothing in front of a valid assertion with XML_REJECTED', () => {
    assertRefused(() => verify2(`<!DOCTYPE Assertion>${issue2(keys.signer)}`, keys), 'XML_REJECTED');
  });

  it('refuses a second root after the signed assertion (CVE-2022-39353) with XML_REJECTED', () => {
    const xml = issue2(keys.signer);
    assertRefused(() => verify2(`${xml}${xml}`, keys), 'XML_REJECTED');
  });
});
