import { X509Certificate } from 'node:crypto';
import type { Document, Element } from '@xmldom/xmldom';
import { LabError } from '../errors/lab-error.ts';
import { childElements, elementsNamed, findElements } from '../xml/dom.ts';
import { parseXml } from '../xml/safe-parse.ts';
import { asSamlError, samlError } from './errors.ts';
import { DSIG_NS } from './namespaces.ts';
import { checkPinnedAlgorithms } from './signature-algorithms.ts';
import { verifySignedContent } from './signature-verify.ts';

/**
 * A WS-Federation metadata document (client-flows §1.8) checked the way a relying party
 * that monitors it must: the enveloped signature over the EntityDescriptor must verify
 * with a certificate the caller already trusts — a certificate in the document, in
 * KeyInfo or in a KeyDescriptor, never vouches for itself — and everything returned
 * (the entityID, the published signing certificates) is read from the bytes the
 * signature covered. The shape checks mirror the assertion's (signature-structure.ts).
 */
export interface VerifiedMetadata {
  readonly entityId: string;
  /** The signing certificates the security token service role publishes, base64 DER, in document order. */
  readonly signingCertificates: readonly string[];
  /** The trusted certificate (PEM) whose key verified the signature. */
  readonly signedBy: string;
}

const MD_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const idAttributeNames = new Set(['ID', 'Id', 'id', 'AssertionID']);

function notMetadata(message: string): LabError {
  return new LabError({ code: 'METADATA_MALFORMED', statusCode: 400, message });
}

function parse(xml: string): Document {
  try {
    return parseXml(xml, { maxBytes: 1024 * 1024 });
  } catch (error) {
    throw asSamlError(error);
  }
}

function theEntityDescriptor(document: Document): { root: Element; id: string } {
  const root = document.documentElement;
  if (!root || root.namespaceURI !== MD_NS || root.localName !== 'EntityDescriptor') throw notMetadata(`the document is a ${root?.localName ?? 'nothing'}, not a SAML 2.0 metadata EntityDescriptor`);
  const id = root.getAttribute('ID');
  if (!id) throw samlError('SAML_WRAPPED', 'the EntityDescriptor has no ID for a signature to reference');
  return { root, id };
}

/** One ds:Signature, the EntityDescriptor's child, with one SignedInfo holding one Reference to the EntityDescriptor's ID, which occurs once. */
function theSignatureOver(document: Document, root: Element, id: string): { signature: Element; signedInfo: Element; reference: Element } {
  const signatures = elementsNamed(document, DSIG_NS, 'Signature');
  if (signatures.length === 0) throw samlError('SAML_UNSIGNED', 'the metadata carries no ds:Signature');
  if (signatures.length > 1 || signatures[0]!.parentNode !== root) throw samlError('SAML_WRAPPED', 'the metadata must carry exactly one ds:Signature, as a child of the EntityDescriptor');
  const signature = signatures[0]!;
  const signedInfos = childElements(signature, DSIG_NS, 'SignedInfo');
  if (signedInfos.length !== 1 || elementsNamed(document, DSIG_NS, 'SignedInfo').length !== 1) throw samlError('SAML_WRAPPED', 'the signature must hold exactly one ds:SignedInfo');
  const references = elementsNamed(document, DSIG_NS, 'Reference');
  if (references.length !== 1 || references[0]!.parentNode !== signedInfos[0]) throw samlError('SAML_WRAPPED', 'the signature must hold exactly one ds:Reference, in SignedInfo');
  if (references[0]!.getAttribute('URI') !== `#${id}`) throw samlError('SAML_WRAPPED', `the ds:Reference URI "${String(references[0]!.getAttribute('URI'))}" does not name the EntityDescriptor "${id}"`);
  const holders = findElements(document, (element) => Array.from(element.attributes).some((attribute) => idAttributeNames.has(attribute.localName ?? attribute.name) && attribute.value === id));
  if (holders.length !== 1) throw samlError('SAML_WRAPPED', `the ID "${id}" occurs on ${holders.length} elements; exactly one is accepted`);
  return { signature, signedInfo: signedInfos[0]!, reference: references[0]! };
}

/**
 * The security token service role's signing keys. exc-c14n does not keep a namespace
 * declaration used only inside an attribute value, so the xsi:type's prefix may be unbound
 * in the signed bytes: the role is found by the type's local name.
 */
function signingCertificatesOf(signed: Element): string[] {
  const role = childElements(signed, MD_NS, 'RoleDescriptor').find((element) => (element.getAttributeNS(XSI_NS, 'type') ?? '').split(':').pop() === 'SecurityTokenServiceType');
  if (!role) throw notMetadata('the metadata has no SecurityTokenServiceType RoleDescriptor');
  const keys = childElements(role, MD_NS, 'KeyDescriptor').filter((key) => (key.getAttribute('use') ?? 'signing') === 'signing');
  return keys.map((key) => {
    const text = (elementsNamed(key, DSIG_NS, 'X509Certificate')[0]?.textContent ?? '').replace(/\s+/g, '');
    try {
      return new X509Certificate(Buffer.from(text, 'base64')).raw.toString('base64');
    } catch {
      throw notMetadata('a signing KeyDescriptor holds no readable X.509 certificate');
    }
  });
}

export function verifyFederationMetadata(xml: string, trustedCertificates: readonly string[]): VerifiedMetadata {
  if (trustedCertificates.length === 0) throw new TypeError('trustedCertificates must name at least one certificate');
  const document = parse(xml);
  const { root, id } = theEntityDescriptor(document);
  const { signature, signedInfo, reference } = theSignatureOver(document, root, id);
  checkPinnedAlgorithms(signedInfo, reference);
  const { signedXml, signingCertificate } = verifySignedContent(xml, signature, trustedCertificates);
  const signed = parseXml(signedXml, { maxBytes: 1024 * 1024 }).documentElement!;
  return { entityId: signed.getAttribute('entityID') ?? '', signingCertificates: signingCertificatesOf(signed), signedBy: signingCertificate };
}
