import { createHash, X509Certificate } from 'node:crypto';
import { LabError } from '../../../../../shared/errors/lab-error.ts';
import type { VerifiedMetadata } from '../../../../../shared/saml/metadata-verify.ts';
import type { FederationSettings } from './settings.ts';

/**
 * What a verified metadata document changes in a domain's trust (Entra ID's automatic
 * certificate update; docs/federation.md, "Token-signing rollover"). The metadata is
 * signed by AD FS's primary certificate, so:
 *
 * - the certificate that signed it is the SigningCertificate — when that is the trusted
 *   NextSigningCertificate, AD FS has promoted it;
 * - another signing certificate it publishes is the NextSigningCertificate — a new one
 *   before promotion, the old primary after it, for as long as AD FS still publishes it
 *   (assertions it signed just before promotion are still on their way);
 * - a certificate no longer published is no longer trusted.
 *
 * The signer was already trusted (verifyFederationMetadata checked it); a certificate
 * the document merely lists becomes at most NextSigningCertificate, never the signer.
 */
export interface TrustUpdate {
  readonly SigningCertificate: string;
  readonly NextSigningCertificate: string | null;
  /** Each change in words, empty when nothing changed. */
  readonly changes: readonly string[];
}

const der = (base64: string): Buffer => new X509Certificate(Buffer.from(base64, 'base64')).raw;

/** SHA-1 thumbprint of a base64 DER or PEM certificate, upper-case hex, as Windows shows it. */
export function thumbprint(certificate: string): string {
  const raw = certificate.includes('-----BEGIN') ? new X509Certificate(certificate).raw : der(certificate);
  return createHash('sha1').update(raw).digest('hex').toUpperCase();
}

const same = (a: string | null | undefined, b: string | null | undefined): boolean => Boolean(a && b && thumbprint(a) === thumbprint(b));

export function trustUpdateFrom(current: FederationSettings, metadata: VerifiedMetadata): TrustUpdate {
  const signer = new X509Certificate(metadata.signedBy).raw.toString('base64');
  if (!metadata.signingCertificates.some((published) => same(published, signer))) {
    throw new LabError({ code: 'METADATA_INCONSISTENT', statusCode: 502, expose: true, message: `the metadata is signed by ${thumbprint(signer)}, which it does not publish as a signing key` });
  }
  const next = metadata.signingCertificates.find((published) => !same(published, signer)) ?? null;
  const changes: string[] = [];
  if (!same(signer, current.SigningCertificate)) changes.push(`promoted NextSigningCertificate ${thumbprint(signer)} to SigningCertificate (the metadata is signed with it)`);
  if (next && !same(next, current.NextSigningCertificate)) {
    changes.push(same(next, current.SigningCertificate) ? `kept the previous SigningCertificate ${thumbprint(next)} as NextSigningCertificate while AD FS still publishes it` : `learned NextSigningCertificate ${thumbprint(next)}`);
  }
  if (!next && current.NextSigningCertificate && !same(current.NextSigningCertificate, signer)) changes.push(`dropped ${thumbprint(current.NextSigningCertificate)}, which AD FS no longer publishes`);
  if (!next && same(current.NextSigningCertificate, signer) && !same(current.SigningCertificate, signer)) changes.push(`dropped the old SigningCertificate ${thumbprint(current.SigningCertificate)}, which AD FS no longer publishes`);
  return { SigningCertificate: same(signer, current.SigningCertificate) ? current.SigningCertificate : signer, NextSigningCertificate: next, changes };
}
