import { createHash, sign } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { prepareKeyPair, type KeyPair } from '../pki/index.ts';
import { canonicalStyle, documentStyle, renderSaml11Assertion, type Saml11AssertionFields } from './assertion-1-1-template.ts';
import { dialects, type AssertionDialect } from './dialect.ts';
import { algorithms, DSIG_NS, SAML2_NS } from './namespaces.ts';

const x509Data = (p: string, certificate: string): string => `<${p}X509Data><${p}X509Certificate>${certificate}</${p}X509Certificate></${p}X509Data>`;

/**
 * Signs an assertion the way AD FS does (client-flows §1.5): an enveloped `ds:Signature`,
 * `Reference URI="#<id>"` with the enveloped-signature and exc-c14n transforms, RSA-SHA256
 * over a SHA-256 digest, and the signing certificate in `KeyInfo/X509Data/X509Certificate`.
 */
function signAssertion(unsignedXml: string, signer: KeyPair, dialect: AssertionDialect, location: { reference: string; action: 'append' | 'after' }): string {
  const { privateKey, certificateBase64 } = prepareKeyPair(signer);
  const signature = new SignedXml({
    privateKey,
    publicCert: signer.certPem,
    // The certificate as xml-crypto would write it, without re-parsing the PEM for every token.
    getKeyInfoContent: (args) => x509Data(args?.prefix ? `${args.prefix}:` : '', certificateBase64),
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

/**
 * ds:SignedInfo. `canonical`: its exclusive C14N as the signature covers it — xmlns:ds
 * declared on it as the apex, empty elements as start and end tag; otherwise as it is
 * written inside ds:Signature, with empty-element tags as xml-crypto writes them.
 */
function signedInfo(canonical: boolean, referenceUri: string, digestValue: string): string {
  const empty = (name: string, algorithm: string): string => (canonical ? `<ds:${name} Algorithm="${algorithm}"></ds:${name}>` : `<ds:${name} Algorithm="${algorithm}"/>`);
  return (
    `<ds:SignedInfo${canonical ? ` xmlns:ds="${DSIG_NS}"` : ''}>${empty('CanonicalizationMethod', algorithms.excC14n)}${empty('SignatureMethod', algorithms.rsaSha256)}` +
    `<ds:Reference URI="${referenceUri}"><ds:Transforms>${empty('Transform', algorithms.envelopedSignature)}${empty('Transform', algorithms.excC14n)}</ds:Transforms>` +
    `${empty('DigestMethod', algorithms.sha256)}<ds:DigestValue>${digestValue}</ds:DigestValue></ds:Reference></ds:SignedInfo>`
  );
}

/**
 * Issues the signed assertion of `fields` with the same signature signSaml11Assertion
 * makes, without parsing: the assertion is rendered in its exclusive-c14n form for the
 * digest (the enveloped-signature transform removes the Signature, so that form is the
 * unsigned element), SignedInfo is rendered canonical for the RSA signature, and the
 * Signature goes in as the assertion's last child. xmlsec1 and xml-crypto verify the
 * result (shared/saml/test/sign.test.ts, xmlsec1-oracle.test.ts); this is what lets
 * usernamemixed issuance approach the raw signing rate (npm run bench:federation).
 */
export function signedSaml11Assertion(fields: Saml11AssertionFields, signer: KeyPair): string {
  if (!/^[A-Za-z_][\w.-]*$/.test(fields.assertionId)) throw new TypeError('assertionId must be an XML NCName');
  const { privateKey, certificateBase64 } = prepareKeyPair(signer);
  const digest = createHash('sha256').update(renderSaml11Assertion(fields, canonicalStyle)).digest('base64');
  const referenceUri = `#${fields.assertionId}`;
  const signatureValue = sign('sha256', Buffer.from(signedInfo(true, referenceUri, digest)), privateKey).toString('base64');
  const signature = `<ds:Signature xmlns:ds="${DSIG_NS}">${signedInfo(false, referenceUri, digest)}<ds:SignatureValue>${signatureValue}</ds:SignatureValue><ds:KeyInfo>${x509Data('ds:', certificateBase64)}</ds:KeyInfo></ds:Signature>`;
  return renderSaml11Assertion(fields, documentStyle, signature);
}
