import { SignedXml } from 'xml-crypto';
import { prepareKeyPair, type KeyPair } from '../pki/index.ts';
import { algorithms, SAML11_NS } from './namespaces.ts';

const x509Data = (p: string, certificate: string): string => `<${p}X509Data><${p}X509Certificate>${certificate}</${p}X509Certificate></${p}X509Data>`;

/**
 * Signs a SAML 1.1 assertion the way AD FS does (client-flows §1.5): an enveloped
 * `ds:Signature` appended as the assertion's last child, `Reference URI="#<AssertionID>"`
 * with the enveloped-signature and exc-c14n transforms, RSA-SHA256 over a SHA-256 digest,
 * and the signing certificate in `KeyInfo/X509Data/X509Certificate`.
 */
export function signSaml11Assertion(unsignedXml: string, signer: KeyPair): string {
  const { privateKey, certificateBase64 } = prepareKeyPair(signer);
  const signature = new SignedXml({
    privateKey,
    publicCert: signer.certPem,
    // The certificate as xml-crypto would write it, without re-parsing the PEM for every token.
    getKeyInfoContent: (args) => x509Data(args?.prefix ? `${args.prefix}:` : '', certificateBase64),
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
