import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Element } from '@xmldom/xmldom';
import { childElements } from '../../xml/dom.ts';
import { parseXml } from '../../xml/safe-parse.ts';
import { algorithms, DSIG_NS, SAML11_NS } from '../namespaces.ts';
import { audience, claims, first, issue, issuedAt, issuer, useKeys } from './support.ts';

const keys = useKeys();
const names = (element: Element): string[] => childElements(element).map((child) => `${child.prefix}:${child.localName}`);
const attributeOf = (element: Element, name: string): string | null => element.getAttribute(name);

describe('issueSaml11Assertion', () => {
  it('builds the assertion of client-flows §1.5: versions, AssertionID, Issuer, IssueInstant and the saml namespace', () => {
    const assertion = parseXml(issue(keys.signer)).documentElement!;
    assert.equal(assertion.namespaceURI, SAML11_NS);
    assert.equal(assertion.nodeName, 'saml:Assertion');
    assert.equal(attributeOf(assertion, 'MajorVersion'), '1');
    assert.equal(attributeOf(assertion, 'MinorVersion'), '1');
    assert.match(attributeOf(assertion, 'AssertionID') ?? '', /^_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(attributeOf(assertion, 'Issuer'), issuer);
    assert.equal(attributeOf(assertion, 'IssueInstant'), issuedAt.toISOString());
    assert.deepEqual(names(assertion), ['saml:Conditions', 'saml:AttributeStatement', 'saml:AuthenticationStatement', 'ds:Signature']);
  });

  it('gives a new AssertionID to every assertion', () => {
    const id = (xml: string): string | null => parseXml(xml).documentElement!.getAttribute('AssertionID');
    assert.notEqual(id(issue(keys.signer)), id(issue(keys.signer)));
  });

  it('makes the assertion valid for one hour for the audience', () => {
    const conditions = first(parseXml(issue(keys.signer)), SAML11_NS, 'Conditions');
    assert.equal(attributeOf(conditions, 'NotBefore'), '2026-05-04T09:00:00.000Z');
    assert.equal(attributeOf(conditions, 'NotOnOrAfter'), '2026-05-04T10:00:00.000Z');
    assert.equal(first(conditions, SAML11_NS, 'Audience').textContent, audience);
  });

  it('names the subject by ImmutableID, as a bearer, in both statements', () => {
    const document = parseXml(issue(keys.signer));
    for (const subject of Array.from(document.getElementsByTagNameNS(SAML11_NS, 'Subject'))) {
      const nameIdentifier = first(subject, SAML11_NS, 'NameIdentifier');
      assert.equal(nameIdentifier.textContent, claims.immutableId);
      assert.equal(attributeOf(nameIdentifier, 'Format'), 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified');
      assert.equal(first(subject, SAML11_NS, 'ConfirmationMethod').textContent, 'urn:oasis:names:tc:SAML:1.0:cm:bearer');
    }
    assert.equal(document.getElementsByTagNameNS(SAML11_NS, 'Subject').length, 2);
  });

  it('carries UPN, ImmutableID, insidecorporatenetwork and the extra attributes, in that order', () => {
    const extra = { 'http://schemas.microsoft.com/claims/authnmethodsreferences': ['urn:oasis:names:tc:SAML:1.0:am:password', 'x'] };
    const statement = first(parseXml(issue(keys.signer, { insideCorporateNetwork: true, extraAttributes: extra })), SAML11_NS, 'AttributeStatement');
    const attributes = childElements(statement, SAML11_NS, 'Attribute').map((attribute) => ({
      namespace: attributeOf(attribute, 'AttributeNamespace'),
      name: attributeOf(attribute, 'AttributeName'),
      values: childElements(attribute, SAML11_NS, 'AttributeValue').map((value) => value.textContent),
    }));
    assert.deepEqual(attributes, [
      { namespace: 'http://schemas.xmlsoap.org/claims', name: 'UPN', values: [claims.upn] },
      { namespace: 'http://schemas.microsoft.com/LiveID/Federation/2008/05', name: 'ImmutableID', values: [claims.immutableId] },
      { namespace: 'http://schemas.microsoft.com/ws/2012/01', name: 'insidecorporatenetwork', values: ['true'] },
      { namespace: 'http://schemas.microsoft.com/claims', name: 'authnmethodsreferences', values: ['urn:oasis:names:tc:SAML:1.0:am:password', 'x'] },
    ]);
  });

  it('states how and when the user authenticated', () => {
    const statement = first(parseXml(issue(keys.signer)), SAML11_NS, 'AuthenticationStatement');
    assert.equal(attributeOf(statement, 'AuthenticationMethod'), claims.authenticationMethod);
    assert.equal(attributeOf(statement, 'AuthenticationInstant'), issuedAt.toISOString());
  });

  it('escapes markup in claim values, so a hostile UPN stays one text value', () => {
    const upn = `joe"/><saml:Attribute x='1'>&amp;@contoso.test`;
    const document = parseXml(issue(keys.signer, { upn }));
    assert.equal(document.getElementsByTagNameNS(SAML11_NS, 'AttributeValue')[0]?.textContent, upn);
    assert.equal(document.getElementsByTagNameNS(SAML11_NS, 'Attribute').length, 3);
  });

  it('signs enveloped, last in the assertion: exc-c14n, RSA-SHA256, one Reference to #AssertionID with a SHA-256 digest', () => {
    const assertion = parseXml(issue(keys.signer)).documentElement!;
    const signature = childElements(assertion).at(-1)!;
    assert.equal(signature.namespaceURI, DSIG_NS);
    assert.equal(signature.localName, 'Signature');
    assert.equal(attributeOf(first(signature, DSIG_NS, 'CanonicalizationMethod'), 'Algorithm'), algorithms.excC14n);
    assert.equal(attributeOf(first(signature, DSIG_NS, 'SignatureMethod'), 'Algorithm'), algorithms.rsaSha256);
    const references = signature.getElementsByTagNameNS(DSIG_NS, 'Reference');
    assert.equal(references.length, 1);
    assert.equal(attributeOf(references[0]!, 'URI'), `#${attributeOf(assertion, 'AssertionID')}`);
    const transforms = Array.from(signature.getElementsByTagNameNS(DSIG_NS, 'Transform')).map((transform) => attributeOf(transform, 'Algorithm'));
    assert.deepEqual(transforms, [algorithms.envelopedSignature, algorithms.excC14n]);
    assert.equal(attributeOf(first(signature, DSIG_NS, 'DigestMethod'), 'Algorithm'), algorithms.sha256);
  });

  it('puts the signing certificate in KeyInfo/X509Data/X509Certificate', () => {
    const keyInfo = first(parseXml(issue(keys.signer)), DSIG_NS, 'KeyInfo');
    assert.deepEqual(names(keyInfo), ['ds:X509Data']);
    const der = Buffer.from(first(keyInfo, DSIG_NS, 'X509Certificate').textContent ?? '', 'base64');
    assert.deepEqual(der, new X509Certificate(keys.signer.certPem).raw);
  });

  it('refuses a lifetime that is not a positive whole number of seconds with a TypeError', () => {
    assert.throws(() => issue(keys.signer, {}, { lifetimeSeconds: 0 }), TypeError);
    assert.throws(() => issue(keys.signer, {}, { lifetimeSeconds: 1.5 }), TypeError);
  });

  it('refuses an extra attribute whose key is not a claim URI with a TypeError', () => {
    assert.throws(() => issue(keys.signer, { extraAttributes: { upn: ['x'] } }), TypeError);
  });
});
