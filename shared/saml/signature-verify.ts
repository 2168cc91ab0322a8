import { X509Certificate } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { elementsNamed } from '../xml/dom.ts';
import { samlError } from './errors.ts';
import { DSIG_NS } from './namespaces.ts';

/**
 * node-saml's getVerifiedXml() idea (style.md): xml-crypto checks the signature with a key
 * from `trustedCertificates` only, and hands back the canonical bytes of the reference it
 * verified. Those bytes, and nothing else, are where claims are read.
 */
export interface VerifiedContent {
  /** The canonicalized assertion the signature covered (the signature itself removed by the enveloped transform). */
  readonly signedXml: string;
  /** The trusted certificate (PEM) whose key verified the signature. */
  readonly signingCertificate: string;
}

function derOf(pem: string): Buffer {
  return new X509Certificate(pem).raw;
}

/**
 * xml-crypto always resolves `Id`, `ID` and `id`, and counts an element once per name in
 * its list; naming one of those again would count SAML 2.0's `ID` twice and refuse it as
 * a duplicate. So only an extra name (SAML 1.1's AssertionID) is passed.
 */
const builtInIdAttributes = new Set(['Id', 'ID', 'id']);

/** Runs xml-crypto with one pinned certificate; KeyInfo never supplies a key (CVE-2024-32962). */
function verifiedWith(xml: string, signature: Element, certificate: string, idAttribute: string): string | undefined {
  const verifier = new SignedXml({ publicCert: certificate, getCertFromKeyInfo: () => null, ...(builtInIdAttributes.has(idAttribute) ? {} : { idAttribute }) });
  try {
    verifier.loadSignature(signature);
    if (!verifier.checkSignature(xml)) return undefined;
  } catch {
    // A wrong key or a malformed signature throws; either way this certificate did not verify it.
    return undefined;
  }
  const signed = verifier.getSignedReferences();
  return signed.length === 1 ? signed[0] : undefined;
}

/** The certificates a token offers in KeyInfo: never used as keys, only to explain a failure. */
function offeredCertificates(signature: Element): Buffer[] {
  return elementsNamed(signature, DSIG_NS, 'X509Certificate').map((element) => Buffer.from((element.textContent ?? '').replace(/\s+/g, ''), 'base64'));
}

/**
 * Verifies `signature` over `xml` (the exact text that was parsed) with each trusted
 * certificate in turn, so a rollover's current and next certificate both work. The
 * Reference resolves only through `idAttribute` (AssertionID for SAML 1.1, ID for 2.0).
 * Throws SAML_UNTRUSTED_KEY when it fails and KeyInfo names a certificate none of the
 * trusted ones is, SAML_SIGNATURE otherwise.
 */
export function verifySignedContent(xml: string, signature: Element, trustedCertificates: readonly string[], idAttribute = 'AssertionID'): VerifiedContent {
  for (const certificate of trustedCertificates) {
    const signedXml = verifiedWith(xml, signature, certificate, idAttribute);
    if (signedXml !== undefined) return { signedXml, signingCertificate: certificate };
  }
  const trusted = trustedCertificates.map(derOf);
  const untrusted = offeredCertificates(signature).find((offered) => !trusted.some((der) => der.equals(offered)));
  if (untrusted) {
    throw samlError('SAML_UNTRUSTED_KEY', 'the signature does not verify with any trusted certificate, and KeyInfo carries a certificate that is not trusted');
  }
  throw samlError('SAML_SIGNATURE', 'the signature does not verify with any trusted certificate');
}
