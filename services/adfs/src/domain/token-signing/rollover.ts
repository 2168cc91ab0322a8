import { X509Certificate } from 'node:crypto';
import { LabError } from '../../../../../shared/errors/lab-error.ts';
import { issueCertificate, type KeyPair } from '../../../../../shared/pki/index.ts';
import type { TokenSigningCertificate, TokenSigningStore } from './certificate-store.ts';

/**
 * Token-signing certificate rollover, the steps AD FS's AutoCertificateRollover takes
 * (Set-AdfsProperties; Update-AdfsCertificate), run one at a time by an administrator:
 *
 * - `next`: a new certificate, issued by the lab CA, becomes the secondary. Metadata
 *   publishes it beside the primary; nothing is signed with it yet. (AD FS does this
 *   CertificateGenerationThreshold = 20 days before the primary expires.)
 * - `promote`: the secondary becomes primary and signs assertions and metadata from now
 *   on; the old primary stays published as the secondary. (AD FS: CertificatePromotionThreshold
 *   = 5 days after generation — the time relying parties have to learn the new one.)
 * - `finish`: the previous certificate is no longer published. Without it, it goes once
 *   its grace period has passed (AD FS keeps it until it expires).
 */
export type RolloverPhase = 'next' | 'promote' | 'finish';
export const rolloverPhases: readonly RolloverPhase[] = ['next', 'promote', 'finish'];

export interface RolloverInput {
  readonly store: TokenSigningStore;
  /** Issues the new certificate (only `next` calls it). */
  readonly issue: () => KeyPair;
  readonly now: Date;
}

function conflict(code: string, message: string): LabError {
  return new LabError({ code, statusCode: 409, message, hop: 'lab → AD FS management' });
}

const phases: Record<RolloverPhase, (input: RolloverInput) => void> = {
  next({ store, issue, now }) {
    const secondary = store.secondary();
    if (secondary?.role === 'next') throw conflict('ROLLOVER_NEXT_EXISTS', `certificate ${secondary.thumbprint} is already the next token-signing certificate; promote it (--phase promote)`);
    if (secondary) throw conflict('ROLLOVER_PREVIOUS_PUBLISHED', `the previous certificate ${secondary.thumbprint} is still published; drop it first (--phase finish)`);
    store.addNext(issue(), now);
  },
  promote({ store, now }) {
    if (store.secondary()?.role !== 'next') throw conflict('ROLLOVER_NO_NEXT', 'there is no next token-signing certificate to promote; start with --phase next');
    store.promote(now);
  },
  finish({ store }) {
    const secondary = store.secondary();
    if (secondary?.role === 'next') throw conflict('ROLLOVER_NOT_PROMOTED', `the secondary ${secondary.thumbprint} has not been promoted yet; promote it first (--phase promote)`);
    if (!secondary) throw conflict('ROLLOVER_NOTHING_TO_FINISH', 'no previous token-signing certificate is published; nothing to finish');
    store.remove('previous');
  },
};

export function rollover(phase: RolloverPhase, input: RolloverInput): void {
  phases[phase](input);
}

/** A token-signing certificate as AD FS issues one: `CN=ADFS Signing - <federation service>`, signing only. */
export function issueTokenSigningCertificate(ca: KeyPair, federationServiceName: string, validDays: number, now: Date): KeyPair {
  return issueCertificate({ commonName: `ADFS Signing - ${federationServiceName}`, usage: 'signing', validDays, issuer: ca, now });
}

/**
 * The certificates the metadata publishes, primary first. A previous certificate past its
 * grace period is dropped here, as AD FS drops an expired secondary.
 */
export function publishedCertificates(store: TokenSigningStore, now: Date, graceSeconds: number): TokenSigningCertificate[] {
  const secondary = store.secondary();
  if (secondary?.role === 'previous' && now.getTime() - secondary.roleSince.getTime() >= graceSeconds * 1000) {
    store.remove('previous');
    return [store.primary()];
  }
  return secondary ? [store.primary(), secondary] : [store.primary()];
}

export interface CertificateView {
  readonly role: TokenSigningCertificate['role'];
  readonly thumbprint: string;
  readonly subject: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly roleSince: string;
}

/** What management shows of a certificate: never the key. */
export function viewOf(certificate: TokenSigningCertificate): CertificateView {
  const x509 = new X509Certificate(certificate.certPem);
  return { role: certificate.role, thumbprint: certificate.thumbprint, subject: x509.subject.replaceAll('\n', ', '), notBefore: new Date(x509.validFrom).toISOString(), notAfter: new Date(x509.validTo).toISOString(), roleSince: certificate.roleSince.toISOString() };
}
