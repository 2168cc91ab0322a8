import { randomUUID, X509Certificate } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import type { KeyPair } from '../../../../../shared/pki/index.ts';
import { algorithms } from '../../../../../shared/saml/namespaces.ts';
import { federationMetadata } from './federation-metadata.ts';

/**
 * FederationMetadata.xml signed as client-flows §1.8 says: an enveloped ds:Signature
 * over `#<ID>` (rsa-sha256, sha256, exc-c14n), the first child of EntityDescriptor
 * as the SAML metadata schema places it, with the token-signing certificate in KeyInfo.
 */
export function signedFederationMetadata(signer: KeyPair, issuer: string, federationServiceName: string): string {
  const signingCertificate = new X509Certificate(signer.certPem).raw.toString('base64');
  const unsigned = federationMetadata({ id: `_${randomUUID()}`, issuer, federationServiceName, signingCertificate });
  const signature = new SignedXml({
    privateKey: signer.keyPem,
    publicCert: signer.certPem,
    signatureAlgorithm: algorithms.rsaSha256,
    canonicalizationAlgorithm: algorithms.excC14n,
  });
  signature.addReference({ xpath: "/*[local-name()='EntityDescriptor']", transforms: [algorithms.envelopedSignature, algorithms.excC14n], digestAlgorithm: algorithms.sha256 });
  signature.computeSignature(unsigned, { prefix: 'ds', location: { reference: "/*[local-name()='EntityDescriptor']", action: 'prepend' } });
  return `<?xml version="1.0" encoding="utf-8"?>${signature.getSignedXml()}`;
}
