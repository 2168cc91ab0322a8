import { SignedXml } from 'xml-crypto';
import type { KeyPair } from '../pki/index.ts';
import { algorithms, SAML11_NS } from './namespaces.ts';

/**
 * Signs a SAML 1.1 assertion the way AD FS does (client-flows §1.5): an enveloped
 * `ds:Signature` appended as the assertion's last child, `Reference URI="#<AssertionID>"`
 * with the enveloped-signature and exc-c14n transforms, RSA-SHA256 over a SHA-256 digest,
 * and the signing certificate in `KeyInfo/X509Data/X509Certificate`.
 */
export function signSaml11Assertion(unsignedXml: string, signer: KeyPair): string {
  const signature = new SignedXml({
    privateKey: signer.keyPem,
    publicCert: signer.certPem,
    signatureAlgorithm: algorithms.rsaSha256,
    canonicalizationAlgorithm: algorithms.excC14n,
    // xml-crypto then reuses the assertion's own AssertionID as the Reference URI.
    idAttribute: 'AssertionID',
  });
  signature.addReference({
    xpath: `/*[local-name(.)='Assertion' and namespace-uri(.)='${SAML11_NS}']`,
    transforms: [algorithms.envelopedSignature, algorithms.excC14n],
    digestAlgorithm: algorithms.sha256,
  });
  signature.computeSignature(unsignedXml, { prefix: 'ds', location: { reference: '/*', action: 'append' } });
  return signature.getSignedXml();
}
