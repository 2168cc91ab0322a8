import type { Element } from '@xmldom/xmldom';
import { childElements } from '../xml/dom.ts';
import { samlError } from './errors.ts';
import { algorithms, DSIG_NS } from './namespaces.ts';

/**
 * Pinned algorithms (docs/federation.md; security.md HMAC-confusion and transform-DoS rows):
 * exc-c14n without comments, RSA-SHA256 with a SHA-256 digest, or RSA-SHA1 with SHA-1
 * because real AD FS fixtures carry it. HMAC is never accepted, whatever the key.
 * Transforms are exactly enveloped-signature then exc-c14n, nothing else.
 */
const digestFor: Readonly<Record<string, string>> = {
  [algorithms.rsaSha256]: algorithms.sha256,
  [algorithms.rsaSha1]: algorithms.sha1,
};
const requiredTransforms = [algorithms.envelopedSignature, algorithms.excC14n] as const;
const EXC_C14N_NS = algorithms.excC14n;

function algorithmOf(parent: Element, localName: string): string {
  const elements = childElements(parent, DSIG_NS, localName);
  if (elements.length !== 1) throw samlError('SAML_ALGORITHM', `the signature needs exactly one ds:${localName}, found ${elements.length}`);
  return elements[0]!.getAttribute('Algorithm') ?? '';
}

function checkCanonicalization(signedInfo: Element): void {
  const algorithm = algorithmOf(signedInfo, 'CanonicalizationMethod');
  if (algorithm !== algorithms.excC14n) throw samlError('SAML_ALGORITHM', `CanonicalizationMethod ${algorithm} is not accepted; only exc-c14n (without comments) is`);
}

function checkSignatureMethod(signedInfo: Element): string {
  const algorithm = algorithmOf(signedInfo, 'SignatureMethod');
  if (/hmac/i.test(algorithm)) throw samlError('SAML_ALGORITHM', `SignatureMethod ${algorithm} is an HMAC; only RSA signatures are accepted`);
  if (!(algorithm in digestFor)) throw samlError('SAML_ALGORITHM', `SignatureMethod ${algorithm} is not accepted; only rsa-sha256 (or rsa-sha1) is`);
  return algorithm;
}

function checkTransforms(reference: Element): void {
  const containers = childElements(reference, DSIG_NS, 'Transforms');
  if (containers.length !== 1) throw samlError('SAML_ALGORITHM', 'the Reference needs exactly one ds:Transforms');
  const transforms = childElements(containers[0]!);
  const names = transforms.map((transform) => (transform.namespaceURI === DSIG_NS && transform.localName === 'Transform' ? transform.getAttribute('Algorithm') ?? '' : `{${String(transform.namespaceURI)}}${transform.localName}`));
  if (names.length !== requiredTransforms.length || names.some((name, index) => name !== requiredTransforms[index])) {
    throw samlError('SAML_ALGORITHM', `the Reference transforms are [${names.join(', ')}]; only enveloped-signature then exc-c14n are accepted`);
  }
  for (const transform of transforms) {
    // exc-c14n may carry an InclusiveNamespaces prefix list; an XPath, XSLT or any other child may not.
    const extra = childElements(transform).filter((child) => !(child.namespaceURI === EXC_C14N_NS && child.localName === 'InclusiveNamespaces'));
    if (extra.length > 0) throw samlError('SAML_ALGORITHM', `a Transform carries an unexpected ${extra[0]!.localName} element`);
  }
}

function checkDigestMethod(reference: Element, signatureMethod: string): void {
  const algorithm = algorithmOf(reference, 'DigestMethod');
  if (algorithm !== digestFor[signatureMethod]) throw samlError('SAML_ALGORITHM', `DigestMethod ${algorithm} does not match SignatureMethod ${signatureMethod}`);
}

/** Throws SAML_ALGORITHM unless every algorithm of the signature is one the lab pins. */
export function checkPinnedAlgorithms(signedInfo: Element, reference: Element): void {
  checkCanonicalization(signedInfo);
  const signatureMethod = checkSignatureMethod(signedInfo);
  checkTransforms(reference);
  checkDigestMethod(reference, signatureMethod);
}
