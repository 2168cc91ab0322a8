import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Document, Element } from '@xmldom/xmldom';
import { parseXml } from '../../xml/safe-parse.ts';
import { DSIG_NS, SAML11_NS } from '../namespaces.ts';
import { verifySignedContent } from '../signature-verify.ts';
import { assertRefused, claims, evilCopy, first, issue, mutate, useKeys, verify, victim } from './support.ts';

/**
 * Signature wrapping (security.md; SAMLRaider XSW, Somorovsky et al. 2012): the genuine
 * signed assertion stays in the document, so its digest and signature still verify, while
 * a forged copy about the victim sits where a careless reader looks first.
 */
const keys = useKeys();
const WRAPPER_NS = 'urn:attacker:wrapper';

function inWrapper(document: Document, order: (original: Element, evil: Element) => Element[]): void {
  const original = document.documentElement!;
  const evil = evilCopy(document.documentElement!);
  document.removeChild(original);
  const wrapper = document.createElementNS(WRAPPER_NS, 'w:Wrapper');
  for (const element of order(original, evil)) wrapper.appendChild(element);
  document.appendChild(wrapper);
}

/** The forged copy becomes the document; the genuine assertion is hidden inside it at `hide`. */
function evilAtRoot(document: Document, hide: (evil: Element, original: Element) => void): void {
  const original = document.documentElement!;
  const evil = evilCopy(document.documentElement!);
  document.removeChild(original);
  document.appendChild(evil);
  hide(evil, original);
}

describe('verifySaml11Assertion against signature wrapping', () => {
  it('verifies the untouched fixture that every wrapping below starts from', () => {
    assert.equal(verify(issue(keys.signer), keys).nameIdentifier, claims.immutableId);
  });

  it('refuses a forged copy with a new ID placed before the signed original with SAML_WRAPPED', () => {
    assertRefused(() => verify(mutate(issue(keys.signer), (document) => inWrapper(document, (original, evil) => [evil, original])), keys), 'SAML_WRAPPED');
  });

  it('refuses a forged copy with a new ID placed after the signed original with SAML_WRAPPED', () => {
    assertRefused(() => verify(mutate(issue(keys.signer), (document) => inWrapper(document, (original, evil) => [original, evil])), keys), 'SAML_WRAPPED');
  });

  it('refuses a forged root whose Signature hides the signed original in ds:Object with SAML_WRAPPED', () => {
    const xml = mutate(issue(keys.signer), (document) =>
      evilAtRoot(document, (evil, original) => {
        const signature = first(original, DSIG_NS, 'Signature');
        original.removeChild(signature);
        const object = document.createElementNS(DSIG_NS, 'ds:Object');
        object.appendChild(original);
        signature.appendChild(object);
        evil.appendChild(signature);
      }),
    );
    assertRefused(() => verify(xml, keys), 'SAML_WRAPPED');
  });

  it('refuses a forged root that carries the signed original in an extension element (saml:Advice) with SAML_WRAPPED', () => {
    const xml = mutate(issue(keys.signer), (document) =>
      evilAtRoot(document, (evil, original) => {
        const advice = document.createElementNS(SAML11_NS, 'saml:Advice');
        advice.appendChild(original);
        evil.insertBefore(advice, first(evil, SAML11_NS, 'AttributeStatement'));
      }),
    );
    assertRefused(() => verify(xml, keys), 'SAML_WRAPPED');
  });

  it('refuses a forged copy that reuses the original AssertionID with SAML_WRAPPED', () => {
    const xml = mutate(issue(keys.signer), (document) => {
      const id = document.documentElement!.getAttribute('AssertionID')!;
      const evil = evilCopy(document.documentElement!, id);
      const original = document.documentElement!;
      document.removeChild(original);
      const wrapper = document.createElementNS(WRAPPER_NS, 'w:Wrapper');
      wrapper.appendChild(evil);
      wrapper.appendChild(original);
      document.appendChild(wrapper);
    });
    assertRefused(() => verify(xml, keys), 'SAML_WRAPPED');
  });

  it('refuses an extra unsigned assertion appended inside the signed one with SAML_WRAPPED', () => {
    const xml = mutate(issue(keys.signer), (document) => document.documentElement!.appendChild(evilCopy(document.documentElement!)));
    assertRefused(() => verify(xml, keys), 'SAML_WRAPPED');
  });

  it('refuses a SAML 2.0 assertion smuggled next to the SAML 1.1 one with SAML_WRAPPED', () => {
    const xml = mutate(issue(keys.signer), (document) => {
      const saml2 = document.createElementNS('urn:oasis:names:tc:SAML:2.0:assertion', 'saml2:Assertion');
      first(document, SAML11_NS, 'Conditions').appendChild(saml2);
    });
    assertRefused(() => verify(xml, keys), 'SAML_WRAPPED');
  });
});

describe('verifySaml11Assertion structure checks, each on its own', () => {
  it('refuses a signature that is not a child of the assertion with SAML_WRAPPED', () => {
    const xml = mutate(issue(keys.signer), (document) => {
      const signature = first(document, DSIG_NS, 'Signature');
      first(document, SAML11_NS, 'Conditions').appendChild(signature);
    });
    assertRefused(() => verify(xml, keys), 'SAML_WRAPPED');
  });

  it('refuses a Reference that names another element than the assertion with SAML_WRAPPED', () => {
    const xml = mutate(issue(keys.signer), (document) => {
      first(document, SAML11_NS, 'AttributeStatement').setAttribute('ID', '_statement');
      first(document, DSIG_NS, 'Reference').setAttribute('URI', '#_statement');
    });
    assertRefused(() => verify(xml, keys), 'SAML_WRAPPED');
  });

  it('refuses an assertion whose ID also occurs on another element with SAML_WRAPPED', () => {
    const xml = mutate(issue(keys.signer), (document) => {
      first(document, SAML11_NS, 'NameIdentifier').setAttribute('ID', document.documentElement!.getAttribute('AssertionID')!);
    });
    assertRefused(() => verify(xml, keys), 'SAML_WRAPPED');
  });

  it('refuses a second SignedInfo pointing at attacker content (CVE-2025-29774) with SAML_WRAPPED', () => {
    const xml = mutate(issue(keys.signer), (document) => {
      const signedInfo = first(document, DSIG_NS, 'SignedInfo');
      const second = signedInfo.cloneNode(true) as Element;
      first(second, DSIG_NS, 'Reference').setAttribute('URI', '#_evil');
      signedInfo.parentNode!.insertBefore(second, signedInfo.nextSibling);
    });
    assertRefused(() => verify(xml, keys), 'SAML_WRAPPED');
  });

  it('refuses a second ds:Signature with SAML_WRAPPED', () => {
    const xml = mutate(issue(keys.signer), (document) => {
      const signature = first(document, DSIG_NS, 'Signature');
      first(document, SAML11_NS, 'AttributeStatement').appendChild(signature.cloneNode(true));
    });
    assertRefused(() => verify(xml, keys), 'SAML_WRAPPED');
  });
});

describe('verifySignedContent, the last line of defence behind the shape checks', () => {
  it('hands back the genuine assertion, never the forged copy placed before it', () => {
    const xml = mutate(issue(keys.signer), (document) => inWrapper(document, (original, evil) => [evil, original]));
    const { signedXml } = verifySignedContent(xml, first(parseXml(xml), DSIG_NS, 'Signature'), [keys.signer.certPem]);
    assert.ok(signedXml.includes(claims.upn));
    assert.ok(!signedXml.includes(victim.upn));
    assert.ok(!signedXml.includes('Signature'), 'the enveloped transform removed the signature from the signed bytes');
  });
});
