import { SignedXml } from 'xml-crypto';
import type { KeyPair } from '../pki/index.ts';
import { dialects, type AssertionDialect } from './dialect.ts';
import { algorithms, SAML2_NS } from './namespaces.ts';

/**
 * Signs an assertion the way AD FS does (client-flows §1.5): an enveloped `ds:Signature`,
 * `Reference URI="#<id>"` with the enveloped-signature and exc-c14n transforms, RSA-SHA256
 * over a SHA-256 digest, and the signing certificate in `KeyInfo/X509Data/X509Certificate`.
 */
function signAssertion(unsignedXml: string, signer: KeyPair, dialect: AssertionDialect, location: { reference: string; action: 'append' | 'after' }): string {
  const signature = new SignedXml({
    privateKey: signer.keyPem,
    publicCert: signer.certPem,
    signatureAlgorithm: algorithms.rsaSha256,
    canonicalizationAlgorithm: algorithms.excC14n,
    // xml-crypto then reuses the assertion's own ID as the Reference URI.
    idAttribute: dialect.idAttribute,
  });
  signature.addReference({
    xpath: `/*[local-name(.)='Assertion' and namespace-uri(.)='${dialect.namespace}']`,
    transforms: [algorithms.envelopedSignature, algorithms.excC14n],
    digestAlgorithm: algorithms.sha256,
  });
  signature.computeSignature(unsignedXml, { prefix: 'ds', location });
  return signature.getSignedXml();
}

/** SAML 1.1: the signature is the assertion's last child. */
export function signSaml11Assertion(unsignedXml: string, signer: KeyPair): string {
  return signAssertion(unsignedXml, signer, dialects['1.1'], { reference: '/*', action: 'append' });
}

/** SAML 2.0 Core §2.3.3: the signature comes right after `saml:Issuer`, before `Subject`. */
export function signSaml20Assertion(unsignedXml: string, signer: KeyPair): string {
  return signAssertion(unsignedXml, signer, dialects['2.0'], { reference: `/*/*[local-name(.)='Issuer' and namespace-uri(.)='${SAML2_NS}']`, action: 'after' });
}
