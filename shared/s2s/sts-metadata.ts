import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import { LabError } from '../errors/lab-error.ts';
import { stsAssertionAudience, stsIssuer } from './principals.ts';
import { tokenEndpointUrl } from './token-request.ts';

/**
 * The token service's metadata document (server-flows §1.7, `/<tenantId>/metadata/json/1`)
 * and the trust a receiver takes from it: the issuer name and the signing keys by `x5t`.
 * A receiver recomputes each `x5t` from the certificate itself, so a document that names a
 * key under another certificate's thumbprint cannot redirect verification.
 */
export interface StsMetadataKey {
  readonly usage: 'signing';
  readonly keyInfo: { readonly x5t: string };
  readonly keyValue: { readonly type: 'x509Certificate'; readonly value: string };
}

export interface StsMetadata {
  readonly version: '1.0';
  readonly realm: string;
  readonly name: 'sts';
  readonly issuer: string;
  readonly allowedAudiences: readonly string[];
  readonly endpoints: readonly { readonly location: string; readonly protocol: string; readonly usage: string }[];
  readonly keys: readonly StsMetadataKey[];
}

function x5tOf(certificate: X509Certificate): string {
  return createHash('sha1').update(certificate.raw).digest('base64url');
}

/** The document for a tenant; signing certificates (PEM or DER) current first, then one being rolled over. */
export function buildStsMetadata(realm: string, signingCertificates: readonly (string | Buffer)[]): StsMetadata {
  return {
    version: '1.0',
    realm,
    name: 'sts',
    issuer: stsIssuer(realm),
    allowedAudiences: [stsAssertionAudience(realm)],
    // The DelegationIssuance1.0 endpoint of §1.7 is left out: the lab does not serve it.
    endpoints: [{ location: tokenEndpointUrl(realm), protocol: 'OAuth2', usage: 'issuance' }],
    keys: signingCertificates.map((certificateData) => {
      const certificate = new X509Certificate(certificateData);
      return { usage: 'signing', keyInfo: { x5t: x5tOf(certificate) }, keyValue: { type: 'x509Certificate', value: certificate.raw.toString('base64') } };
    }),
  };
}

/** What a receiver trusts: an issuer (`00000001-…@<realm>`) and its RS256 keys by thumbprint. */
export interface TrustedIssuer {
  readonly issuer: string;
  readonly realm: string;
  readonly keysByX5t: ReadonlyMap<string, KeyObject>;
}

function metadataError(message: string): LabError {
  return new LabError({ code: 'S2S_METADATA_INVALID', statusCode: 502, message, hop: 'auth server metadata' });
}

/** Reads a metadata document (parsed JSON) into a TrustedIssuer; refuses a realm other than expected. */
export function trustedIssuerFromMetadata(document: unknown, expectedRealm: string): TrustedIssuer {
  const doc = document as Partial<StsMetadata> | null;
  if (!doc || typeof doc !== 'object' || typeof doc.issuer !== 'string' || typeof doc.realm !== 'string' || !Array.isArray(doc.keys)) {
    throw metadataError('the metadata document lacks issuer, realm or keys');
  }
  if (doc.realm !== expectedRealm) throw metadataError(`the metadata is for realm "${doc.realm}", not "${expectedRealm}"`);
  if (doc.issuer !== stsIssuer(expectedRealm)) throw metadataError(`the metadata names issuer "${doc.issuer}"; expected ${stsIssuer(expectedRealm)}`);
  const keysByX5t = new Map<string, KeyObject>();
  for (const key of doc.keys) {
    if (key?.usage !== 'signing' || key.keyValue?.type !== 'x509Certificate' || typeof key.keyValue.value !== 'string') continue;
    const certificate = new X509Certificate(Buffer.from(key.keyValue.value, 'base64'));
    keysByX5t.set(x5tOf(certificate), certificate.publicKey);
  }
  if (keysByX5t.size === 0) throw metadataError('the metadata publishes no signing certificate');
  return { issuer: doc.issuer, realm: expectedRealm, keysByX5t };
}
