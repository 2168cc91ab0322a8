import { createHash } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import type { Document, Element } from '@xmldom/xmldom';
import type { KeyPair } from '../../pki/index.ts';
import type { IssueSaml11Options, Saml11Claims } from '../assertion-1-1.ts';
import { algorithms, DSIG_NS, SAML11_NS } from '../namespaces.ts';
import { signSaml11Assertion } from '../sign.ts';
import { evilCopy, first, mutate, setText, withoutSignature } from './support.ts';

/**
 * security.md's SAML/XML attack classes as one catalogue, so that every SAML *consumer*
 * (azure-auth's /login.srf and bearer grant, and the Basic-auth proxy path through
 * Exchange Online) is shown to refuse each class with its specific error — not only the
 * shared verifier, which shared/saml/test covers case by case.
 *
 * Each attack starts from what the consumer would accept: `genuine()` is a fresh assertion
 * for a real user, signed by the key the consumer trusts, for its issuer and audience now.
 */
export interface AttackTools {
  /** A fresh, valid assertion the consumer would accept. */
  genuine(): string;
  /** Issues with the given signer and overrides (claims and options), time defaulting to now. */
  reissue(signer: KeyPair, claims?: Partial<Saml11Claims>, options?: Partial<IssueSaml11Options>): string;
  readonly trusted: KeyPair;
  /** A key pair the consumer does not trust (its certificate is even issued by the lab CA). */
  readonly stranger: KeyPair;
  /** The consumer's clock. */
  now(): Date;
  /** Who the forged copies claim to be: another real user of the domain. */
  readonly victim: { readonly immutableId: string; readonly upn: string };
}

export interface ConsumerAttack {
  /** security.md's row. */
  readonly attackClass: string;
  readonly name: string;
  /** The LabError code the verifier gives; consumers put it in their wire format. */
  readonly code: string;
  build(tools: AttackTools): string;
}

const WRAPPER_NS = 'urn:attacker:wrapper';

function impersonate(assertion: Element, victim: AttackTools['victim']): void {
  for (const name of Array.from(assertion.getElementsByTagNameNS(SAML11_NS, 'NameIdentifier'))) setText(name, victim.immutableId);
  for (const attribute of Array.from(assertion.getElementsByTagNameNS(SAML11_NS, 'Attribute'))) {
    const value = attribute.getElementsByTagNameNS(SAML11_NS, 'AttributeValue')[0];
    if (!value) continue;
    if (attribute.getAttribute('AttributeName') === 'UPN') setText(value, victim.upn);
    if (attribute.getAttribute('AttributeName') === 'ImmutableID') setText(value, victim.immutableId);
  }
}

/** A forged, unsigned copy about the victim with a new (or the same) ID. */
function forgedCopy(original: Element, victim: AttackTools['victim'], assertionId = '_evil'): Element {
  const copy = evilCopy(original, assertionId);
  impersonate(copy, victim);
  return copy;
}

function wrapped(tools: AttackTools, order: (original: Element, evil: Element) => Element[], sameId = false): string {
  return mutate(tools.genuine(), (document: Document) => {
    const original = document.documentElement!;
    const evil = forgedCopy(original, tools.victim, sameId ? original.getAttribute('AssertionID')! : '_evil');
    document.removeChild(original);
    const wrapper = document.createElementNS(WRAPPER_NS, 'w:Wrapper');
    for (const element of order(original, evil)) wrapper.appendChild(element);
    document.appendChild(wrapper);
  });
}

function evilAtRoot(tools: AttackTools, hide: (document: Document, evil: Element, original: Element) => void): string {
  return mutate(tools.genuine(), (document) => {
    const original = document.documentElement!;
    const evil = forgedCopy(original, tools.victim);
    document.removeChild(original);
    document.appendChild(evil);
    hide(document, evil, original);
  });
}

const forgedUnsigned = (tools: AttackTools): string => withoutSignature(mutate(tools.genuine(), (document) => impersonate(document.documentElement!, tools.victim)));
const withDoctype = (xml: string, subset: string): string => `<!DOCTYPE saml:Assertion [${subset}]>${xml}`;
const nameIdentifierAs = (xml: string, replacement: string): string => xml.replace(/(<saml:NameIdentifier[^>]*>)[^<]*/g, `$1${replacement}`);

function hmacSigned(tools: AttackTools): string {
  const signer = new SignedXml({ privateKey: tools.trusted.certPem, signatureAlgorithm: 'http://www.w3.org/2000/09/xmldsig#hmac-sha1', canonicalizationAlgorithm: algorithms.excC14n, idAttribute: 'AssertionID' });
  signer.enableHMAC();
  signer.addReference({ xpath: '/*', transforms: [algorithms.envelopedSignature, algorithms.excC14n], digestAlgorithm: algorithms.sha1 });
  signer.computeSignature(forgedUnsigned(tools), { prefix: 'ds', location: { reference: '/*', action: 'append' } });
  return signer.getSignedXml();
}

export const consumerAttacks: readonly ConsumerAttack[] = [
  { attackClass: 'XML signature wrapping', name: 'XSW: forged copy before the signed original', code: 'SAML_WRAPPED', build: (tools) => wrapped(tools, (original, evil) => [evil, original]) },
  { attackClass: 'XML signature wrapping', name: 'XSW: forged copy after the signed original', code: 'SAML_WRAPPED', build: (tools) => wrapped(tools, (original, evil) => [original, evil]) },
  { attackClass: 'XML signature wrapping', name: 'XSW: forged copy reusing the original AssertionID', code: 'SAML_WRAPPED', build: (tools) => wrapped(tools, (original, evil) => [evil, original], true) },
  {
    attackClass: 'XML signature wrapping',
    name: 'XSW: forged root, the signed original hidden in its Signature’s ds:Object',
    code: 'SAML_WRAPPED',
    build: (tools) =>
      evilAtRoot(tools, (document, evil, original) => {
        const signature = first(original, DSIG_NS, 'Signature');
        original.removeChild(signature);
        const object = document.createElementNS(DSIG_NS, 'ds:Object');
        object.appendChild(original);
        signature.appendChild(object);
        evil.appendChild(signature);
      }),
  },
  {
    attackClass: 'XML signature wrapping',
    name: 'XSW: forged root, the signed original in an extension element (saml:Advice)',
    code: 'SAML_WRAPPED',
    build: (tools) =>
      evilAtRoot(tools, (document, evil, original) => {
        const advice = document.createElementNS(SAML11_NS, 'saml:Advice');
        advice.appendChild(original);
        evil.insertBefore(advice, first(evil, SAML11_NS, 'AttributeStatement'));
      }),
  },
  { attackClass: 'extra unsigned assertion', name: 'an unsigned assertion about the victim appended inside the signed one', code: 'SAML_WRAPPED', build: (tools) => mutate(tools.genuine(), (document) => document.documentElement!.appendChild(forgedCopy(document.documentElement!, tools.victim))) },
  {
    attackClass: 'two SignedInfo',
    name: 'a second SignedInfo pointing at attacker content',
    code: 'SAML_WRAPPED',
    build: (tools) =>
      mutate(tools.genuine(), (document) => {
        const signedInfo = first(document, DSIG_NS, 'SignedInfo');
        const second = signedInfo.cloneNode(true) as Element;
        first(second, DSIG_NS, 'Reference').setAttribute('URI', '#_evil');
        signedInfo.parentNode!.insertBefore(second, signedInfo.nextSibling);
      }),
  },
  { attackClass: 'multiple roots', name: 'a second top-level assertion after the signed one', code: 'XML_REJECTED', build: (tools) => `${tools.genuine()}${forgedUnsigned(tools)}` },
  {
    attackClass: 'comment in DigestValue',
    name: 'a comment carrying a forged digest in DigestValue',
    code: 'SAML_SIGNATURE',
    build: (tools) =>
      mutate(tools.genuine(), (document) => {
        impersonate(document.documentElement!, tools.victim);
        const digestValue = first(document, DSIG_NS, 'DigestValue');
        digestValue.insertBefore(document.createComment(createHash('sha256').update('forged').digest('base64')), digestValue.firstChild);
      }),
  },
  { attackClass: 'signature stripping', name: 'the victim’s assertion with its signature removed', code: 'SAML_UNSIGNED', build: forgedUnsigned },
  { attackClass: 'certificate faking', name: 're-signed with another key, its certificate in KeyInfo', code: 'SAML_UNTRUSTED_KEY', build: (tools) => signSaml11Assertion(forgedUnsigned(tools), tools.stranger) },
  {
    attackClass: 'certificate faking',
    name: 're-signed with another key, the trusted certificate copied into KeyInfo',
    code: 'SAML_SIGNATURE',
    build: (tools) => mutate(signSaml11Assertion(forgedUnsigned(tools), tools.stranger), (document) => setText(first(document, DSIG_NS, 'X509Certificate'), tools.trusted.certPem.replace(/-----[^-]+-----|\s/g, ''))),
  },
  { attackClass: 'HMAC confusion', name: 'hmac-sha1 keyed with the trusted public certificate', code: 'SAML_ALGORITHM', build: hmacSigned },
  {
    attackClass: 'comment / PI in NameID',
    name: 'a comment splitting the NameIdentifier after signing',
    code: 'SAML_SIGNATURE',
    build: (tools) =>
      mutate(tools.reissue(tools.trusted, { immutableId: `${tools.victim.immutableId}.evil` }), (document) => {
        const name = first(document, SAML11_NS, 'NameIdentifier');
        setText(name, tools.victim.immutableId);
        name.appendChild(document.createComment(''));
        name.appendChild(document.createTextNode('.evil'));
      }),
  },
  { attackClass: 'comment / PI in NameID', name: 'a processing instruction in the NameIdentifier', code: 'SAML_SIGNATURE', build: (tools) => mutate(tools.genuine(), (document) => first(document, SAML11_NS, 'NameIdentifier').appendChild(document.createProcessingInstruction('x', 'y'))) },
  { attackClass: 'XXE, entity expansion', name: 'an external entity in the NameIdentifier', code: 'XML_REJECTED', build: (tools) => withDoctype(nameIdentifierAs(tools.genuine(), '&xxe;'), '<!ENTITY xxe SYSTEM "file:///etc/passwd">') },
  {
    attackClass: 'XXE, entity expansion',
    name: 'nested entity expansion (billion laughs)',
    code: 'XML_REJECTED',
    build: (tools) => withDoctype(nameIdentifierAs(tools.genuine(), '&l9;'), ['<!ENTITY l0 "lol">', ...Array.from({ length: 9 }, (_, index) => `<!ENTITY l${index + 1} "${`&l${index};`.repeat(10)}">`)].join('')),
  },
  { attackClass: 'parser differential', name: 'an empty DOCTYPE in front of a valid assertion', code: 'XML_REJECTED', build: (tools) => `<!DOCTYPE saml:Assertion>${tools.genuine()}` },
  {
    attackClass: 'transform / size DoS',
    name: 'an extra XPath transform in the Reference',
    code: 'SAML_ALGORITHM',
    build: (tools) =>
      mutate(tools.genuine(), (document) => {
        const transform = document.createElementNS(DSIG_NS, 'ds:Transform');
        transform.setAttribute('Algorithm', 'http://www.w3.org/TR/1999/REC-xpath-19991116');
        transform.appendChild(document.createElementNS(DSIG_NS, 'ds:XPath')).appendChild(document.createTextNode('not(ancestor-or-self::saml:NameIdentifier)'));
        first(document, DSIG_NS, 'Transforms').appendChild(transform);
      }),
  },
  { attackClass: 'transform / size DoS', name: 'a validly signed assertion above 256 KiB', code: 'XML_REJECTED', build: (tools) => tools.reissue(tools.trusted, { extraAttributes: { 'urn:padding/pad': ['x'.repeat(256 * 1024)] } }) },
  { attackClass: 'transform / size DoS', name: 'elements nested deeper than 64 levels', code: 'XML_REJECTED', build: (tools) => tools.genuine().replace('</saml:Conditions>', `${'<d:x xmlns:d="urn:deep">'.repeat(70)}${'</d:x>'.repeat(70)}</saml:Conditions>`) },
  { attackClass: 'lifetime', name: 'an assertion that expired more than 300 s ago', code: 'SAML_EXPIRED', build: (tools) => tools.reissue(tools.trusted, {}, { now: new Date(tools.now().getTime() - (3600 + 301) * 1000) }) },
  { attackClass: 'lifetime', name: 'an assertion not valid for another hour', code: 'SAML_NOT_YET_VALID', build: (tools) => tools.reissue(tools.trusted, {}, { now: new Date(tools.now().getTime() + 3600 * 1000) }) },
  { attackClass: 'SAML replay / misbinding', name: 'an assertion for another audience', code: 'SAML_AUDIENCE', build: (tools) => tools.reissue(tools.trusted, {}, { audience: 'urn:federation:SomeoneElse' }) },
];
