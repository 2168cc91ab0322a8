import { randomUUID, X509Certificate } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import type { KeyPair } from '../../../../../shared/pki/index.ts';
import { algorithms } from '../../../../../shared/saml/namespaces.ts';
import { federationMetadata } from './federation-metadata.ts';

/**
 * FederationMetadata.xml signed as client-flows §1.8 says: an enveloped ds:Signature
 * over `#<ID>` (rsa-sha256, sha256, exc-c14n), the first child of EntityDescriptor
 * as the SAML metadata schema places it, with the signer's certificate in KeyInfo.
 * The signer is always the primary token-signing certificate; `published` (primary
 * first) adds the secondary's KeyDescriptor during a rollover.
 */
export interface SignedMetadataOptions {
  readonly signer: KeyPair;
  readonly published: readonly KeyPair[];
  readonly issuer: string;
  readonly federationServiceName: string;
}

const base64Der = (pair: KeyPair): string => new X509Certificate(pair.certPem).raw.toString('base64');

export function signedFederationMetadata(options: SignedMetadataOptions): string {
  const { signer, issuer, federationServiceName } = options;
  const unsigned = federationMetadata({ id: `_${randomUUID()}`, issuer, federationServiceName, signingCertificates: options.published.map(base64Der) });
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
