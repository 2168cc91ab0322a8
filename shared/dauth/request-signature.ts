import { createHash, X509Certificate } from 'node:crypto';
import type { Document, Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { prepareKeyPair, type KeyPair } from '../pki/index.ts';
import { algorithms, DSIG_NS, WSSE_NS } from '../saml/namespaces.ts';
import { childElements, elementsNamed, findElements } from '../xml/dom.ts';
import { dauthError } from './errors.ts';
import { BASE64_ENCODING_TYPE, THUMBPRINT_SHA1_VALUE_TYPE } from './namespaces.ts';

/**
 * The XML-DSig signature of the delegation-token request ([MS-OXWSLVID] §3.3.4.1.1: in
 * `o:Security`, exclusive c14n, made with the organization's federation certificate).
 * It covers the u:Timestamp, a:To and the s:Body, whose content is already encrypted
 * (encrypt-then-sign), so the gateway rejects a forged request before its private key is
 * used. RSA-SHA256 with SHA-256 digests; KeyInfo names the certificate only by its SHA-1
 * thumbprint (WSS X.509 Token Profile 1.1 §3.2), which selects a registered federation
 * trust — the key that verifies always comes from the registry, never from the message.
 */
export const signedParts = ['Timestamp', 'To', 'Body'] as const;
export type SignedPart = (typeof signedParts)[number];

export function thumbprintSha1(certPem: string): string {
  return createHash('sha1').update(new X509Certificate(certPem).raw).digest('base64');
}

const securityXpath = "/*/*[local-name(.)='Header']/*[local-name(.)='Security']";
const xpathOf: Readonly<Record<SignedPart, string>> = {
  Timestamp: `${securityXpath}/*[local-name(.)='Timestamp']`,
  To: "/*/*[local-name(.)='Header']/*[local-name(.)='To']",
  Body: "/*/*[local-name(.)='Body']",
};

/** Signs `envelope` (whose Timestamp, To and Body carry u:Id) with the organization's key. */
export function signRequest(envelope: string, organization: KeyPair): string {
  const { privateKey } = prepareKeyPair(organization);
  const thumbprint = thumbprintSha1(organization.certPem);
  const signature = new SignedXml({
    privateKey,
    idMode: 'wssecurity',
    signatureAlgorithm: algorithms.rsaSha256,
    canonicalizationAlgorithm: algorithms.excC14n,
    getKeyInfoContent: () => `<o:SecurityTokenReference xmlns:o="${WSSE_NS}"><o:KeyIdentifier ValueType="${THUMBPRINT_SHA1_VALUE_TYPE}" EncodingType="${BASE64_ENCODING_TYPE}">${thumbprint}</o:KeyIdentifier></o:SecurityTokenReference>`,
  });
  for (const part of signedParts) signature.addReference({ xpath: xpathOf[part], transforms: [algorithms.excC14n], digestAlgorithm: algorithms.sha256 });
  signature.computeSignature(envelope, { prefix: '', location: { reference: securityXpath, action: 'append' } });
  return signature.getSignedXml();
}

export interface RequestSignatureParts {
  readonly signature: Element;
  /** The base64 SHA-1 thumbprint KeyInfo names. */
  readonly thumbprint: string;
}

function algorithm(parent: Element, localName: string): string {
  const found = childElements(parent, DSIG_NS, localName);
  return found.length === 1 ? (found[0]!.getAttribute('Algorithm') ?? '') : '';
}

function checkReference(reference: Element): void {
  const transforms = childElements(reference, DSIG_NS, 'Transforms').flatMap((container) => childElements(container));
  const names = transforms.map((transform) => transform.getAttribute('Algorithm'));
  if (names.length !== 1 || names[0] !== algorithms.excC14n || childElements(transforms[0]!).length > 0) throw dauthError('DAUTH_REQUEST_SIGNATURE', `a Reference's transforms are [${names.join(', ')}]; only exc-c14n is accepted`);
  if (algorithm(reference, 'DigestMethod') !== algorithms.sha256) throw dauthError('DAUTH_REQUEST_SIGNATURE', 'a Reference digest is not SHA-256');
}

/** The u:Id of the element at `part`'s place in the envelope, which must occur once in the document. */
function idAt(document: Document, part: SignedPart): string {
  const envelope = document.documentElement!;
  const header = childElements(envelope).find((child) => child.localName === 'Header');
  const security = header && childElements(header, WSSE_NS, 'Security')[0];
  const element = part === 'Body' ? childElements(envelope).find((child) => child.localName === 'Body') : part === 'To' ? header && childElements(header).find((child) => child.localName === 'To') : security && childElements(security).find((child) => child.localName === 'Timestamp');
  const id = element ? Array.from(element.attributes).find((attribute) => attribute.localName === 'Id')?.value : undefined;
  if (!id) throw dauthError('DAUTH_REQUEST_SIGNATURE', `the request's ${part} carries no u:Id to be signed by`);
  const holders = findElements(document, (candidate) => Array.from(candidate.attributes).some((attribute) => ['Id', 'ID', 'id', 'AssertionID'].includes(attribute.localName ?? '') && attribute.value === id));
  if (holders.length !== 1) throw dauthError('DAUTH_REQUEST_SIGNATURE', `the ID "${id}" occurs on ${holders.length} elements; exactly one is accepted`);
  return id;
}

/**
 * The shape checks of security.md's wrapping and algorithm rows, before any cryptography:
 * one ds:Signature, in o:Security; exc-c14n and RSA-SHA256; exactly three References, to
 * the Timestamp, To and Body where the envelope has them; KeyInfo a thumbprint.
 */
export function locateRequestSignature(document: Document): RequestSignatureParts {
  const signatures = elementsNamed(document, DSIG_NS, 'Signature');
  if (signatures.length !== 1) throw dauthError('DAUTH_REQUEST_SIGNATURE', `the request carries ${signatures.length} ds:Signature elements; exactly one, in o:Security, is accepted`);
  const signature = signatures[0]!;
  const parent = signature.parentNode as Element | null;
  if (!parent || parent.namespaceURI !== WSSE_NS || parent.localName !== 'Security') throw dauthError('DAUTH_REQUEST_SIGNATURE', 'the ds:Signature is not in o:Security');
  const signedInfo = childElements(signature, DSIG_NS, 'SignedInfo');
  if (signedInfo.length !== 1) throw dauthError('DAUTH_REQUEST_SIGNATURE', 'the ds:Signature needs exactly one SignedInfo');
  if (algorithm(signedInfo[0]!, 'CanonicalizationMethod') !== algorithms.excC14n) throw dauthError('DAUTH_REQUEST_SIGNATURE', 'the signature is not canonicalized with exc-c14n');
  if (algorithm(signedInfo[0]!, 'SignatureMethod') !== algorithms.rsaSha256) throw dauthError('DAUTH_REQUEST_SIGNATURE', 'the signature method is not RSA-SHA256');
  const references = childElements(signedInfo[0]!, DSIG_NS, 'Reference');
  references.forEach(checkReference);
  const expected = signedParts.map((part) => `#${idAt(document, part)}`).sort();
  const actual = references.map((reference) => reference.getAttribute('URI') ?? '').sort();
  if (JSON.stringify(actual) !== JSON.stringify(expected)) throw dauthError('DAUTH_REQUEST_SIGNATURE', `the signature references [${actual.join(', ')}]; exactly the Timestamp, To and Body [${expected.join(', ')}] are accepted`);
  const identifiers = elementsNamed(signature, WSSE_NS, 'KeyIdentifier').filter((identifier) => identifier.getAttribute('ValueType') === THUMBPRINT_SHA1_VALUE_TYPE);
  if (identifiers.length !== 1) throw dauthError('DAUTH_REQUEST_SIGNATURE', 'the signature KeyInfo needs exactly one ThumbprintSHA1 KeyIdentifier naming the organization certificate');
  return { signature, thumbprint: (identifiers[0]!.textContent ?? '').trim() };
}

/**
 * Verifies the signature with `certificatePem` (the registered one) alone and returns the
 * canonical bytes of the three signed parts: the only bytes the gateway reads.
 */
export function verifyRequestSignature(xml: string, signature: Element, certificatePem: string): string[] {
  const verifier = new SignedXml({ publicCert: certificatePem, getCertFromKeyInfo: () => null });
  try {
    verifier.loadSignature(signature);
    if (verifier.checkSignature(xml)) {
      const signed = verifier.getSignedReferences();
      if (signed.length === signedParts.length) return signed;
    }
  } catch (error) {
    throw dauthError('DAUTH_REQUEST_SIGNATURE', 'the request signature does not verify with the organization certificate registered for its thumbprint', error);
  }
  throw dauthError('DAUTH_REQUEST_SIGNATURE', 'the request signature does not verify with the organization certificate registered for its thumbprint');
}
