import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Element } from '@xmldom/xmldom';
import { childElements } from '../../xml/dom.ts';
import { parseXml } from '../../xml/safe-parse.ts';
import { wrapInRstr13, wrapInRstr2005 } from '../assertion-1-1.ts';
import { SAML11_NS, WSSE11_NS, WSSE_NS, WSTRUST_13_NS, WSTRUST_2005_NS } from '../namespaces.ts';
import { extractAssertionFromRstr } from '../verify.ts';
import { assertRefused, audience, claims, evilCopy, first, issue, issuedAt, mutate, useKeys, verify } from './support.ts';

const keys = useKeys();
const lifetime = { created: issuedAt, expires: new Date(issuedAt.getTime() + 3600_000), audience };
const names = (element: Element): string[] => childElements(element).map((child) => child.localName ?? '');
const rstrChildren = ['Lifetime', 'AppliesTo', 'RequestedSecurityToken', 'RequestedAttachedReference', 'RequestedUnattachedReference', 'TokenType', 'RequestType', 'KeyType'];

describe('wrapInRstr2005 and wrapInRstr13', () => {
  it('wrap the assertion in a WS-Trust 2005 RSTR shaped as client-flows §1.4/§1.6', () => {
    const assertion = issue(keys.signer);
    const rstr = parseXml(wrapInRstr2005(assertion, lifetime)).documentElement!;
    assert.equal(rstr.namespaceURI, WSTRUST_2005_NS);
    assert.equal(rstr.localName, 'RequestSecurityTokenResponse');
    assert.deepEqual(names(rstr), rstrChildren);
    assert.equal(first(rstr, 'http://www.w3.org/2005/08/addressing', 'Address').textContent, audience);
    assert.equal(first(rstr, WSTRUST_2005_NS, 'KeyType').textContent, 'http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey');
    assert.equal(first(rstr, WSTRUST_2005_NS, 'TokenType').textContent, SAML11_NS);
  });

  it('wrap the assertion in a WS-Trust 1.3 RSTRC with the Bearer key type', () => {
    const collection = parseXml(wrapInRstr13(issue(keys.signer), lifetime)).documentElement!;
    assert.equal(collection.namespaceURI, WSTRUST_13_NS);
    assert.equal(collection.localName, 'RequestSecurityTokenResponseCollection');
    const [rstr] = childElements(collection, WSTRUST_13_NS, 'RequestSecurityTokenResponse');
    assert.deepEqual(names(rstr!), rstrChildren);
    assert.equal(first(rstr!, WSTRUST_13_NS, 'KeyType').textContent, `${WSTRUST_13_NS}/Bearer`);
    assert.equal(first(rstr!, WSTRUST_13_NS, 'RequestType').textContent, `${WSTRUST_13_NS}/Issue`);
  });

  it('point the attached and unattached references at the AssertionID as a SAML 1.1 token', () => {
    const assertion = issue(keys.signer);
    const id = parseXml(assertion).documentElement!.getAttribute('AssertionID');
    const rstr = parseXml(wrapInRstr13(assertion, lifetime));
    for (const name of ['RequestedAttachedReference', 'RequestedUnattachedReference']) {
      const reference = first(first(rstr, WSTRUST_13_NS, name), WSSE_NS, 'SecurityTokenReference');
      assert.equal(reference.getAttributeNS(WSSE11_NS, 'TokenType'), 'http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV1.1');
      const keyIdentifier = first(reference, WSSE_NS, 'KeyIdentifier');
      assert.equal(keyIdentifier.getAttribute('ValueType'), 'http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.0#SAMLAssertionID');
      assert.equal(keyIdentifier.textContent, id);
    }
  });
});

describe('extractAssertionFromRstr', () => {
  it('returns the assertion of a 2005/02 RSTR, byte for byte, and it verifies', () => {
    const assertion = issue(keys.signer);
    assert.equal(extractAssertionFromRstr(wrapInRstr2005(assertion, lifetime)), assertion);
    assert.equal(verify(extractAssertionFromRstr(wrapInRstr2005(assertion, lifetime)), keys).nameIdentifier, claims.immutableId);
  });

  it('returns the assertion of a 200512 RSTRC inside a SOAP envelope, and it verifies', () => {
    const envelope = `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>${wrapInRstr13(issue(keys.signer), lifetime)}</s:Body></s:Envelope>`;
    assert.equal(verify(extractAssertionFromRstr(envelope), keys).nameIdentifier, claims.immutableId);
  });

  it('re-declares a namespace the assertion inherited from the RSTR, so it still verifies', () => {
    const declaration = ` xmlns:saml="${SAML11_NS}"`;
    const rstr = wrapInRstr2005(issue(keys.signer), lifetime).replace(declaration, '').replace('<t:RequestSecurityTokenResponse', `<t:RequestSecurityTokenResponse${declaration}`);
    assert.ok(!/<saml:Assertion [^>]*xmlns:saml/.test(rstr));
    assert.equal(verify(extractAssertionFromRstr(rstr), keys).nameIdentifier, claims.immutableId);
  });

  it('refuses two RequestedSecurityToken elements with SAML_WRAPPED', () => {
    const rstr = mutate(wrapInRstr2005(issue(keys.signer), lifetime), (document) => {
      const token = first(document, WSTRUST_2005_NS, 'RequestedSecurityToken');
      const second = document.createElementNS(WSTRUST_13_NS, 'trust:RequestedSecurityToken');
      second.appendChild(evilCopy(first(document, SAML11_NS, 'Assertion')));
      token.parentNode!.insertBefore(second, token);
    });
    assertRefused(() => extractAssertionFromRstr(rstr), 'SAML_WRAPPED');
  });

  it('refuses a RequestedSecurityToken holding an extra unsigned assertion with SAML_WRAPPED', () => {
    const rstr = mutate(wrapInRstr13(issue(keys.signer), lifetime), (document) => {
      first(document, WSTRUST_13_NS, 'RequestedSecurityToken').appendChild(evilCopy(first(document, SAML11_NS, 'Assertion')));
    });
    assertRefused(() => extractAssertionFromRstr(rstr), 'SAML_WRAPPED');
  });

  it('refuses a response without a RequestedSecurityToken with SAML_WRAPPED', () => {
    assertRefused(() => extractAssertionFromRstr(`<t:RequestSecurityTokenResponse xmlns:t="${WSTRUST_2005_NS}"/>`), 'SAML_WRAPPED');
  });

  it('refuses a response with a DOCTYPE with XML_REJECTED', () => {
    assertRefused(() => extractAssertionFromRstr(`<!DOCTYPE x>${wrapInRstr2005(issue(keys.signer), lifetime)}`), 'XML_REJECTED');
  });
});
