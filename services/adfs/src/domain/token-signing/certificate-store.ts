import { createHash, X509Certificate } from 'node:crypto';
import type { KeyPair } from '../../../../../shared/pki/index.ts';
import { transaction, type Database } from '../../../../../shared/store/database.ts';

/**
 * AD FS's token-signing certificates (Get-AdfsCertificate -CertificateType Token-Signing):
 * one primary, which signs every assertion and the metadata, and at most one secondary,
 * which the metadata publishes beside it — a `next` one before promotion, the `previous`
 * one after. Kept in AD FS's database so a restart keeps the rollover where it was.
 */
export type TokenSigningRole = 'primary' | 'next' | 'previous';

export interface TokenSigningCertificate extends KeyPair {
  readonly role: TokenSigningRole;
  /** SHA-1 of the DER, upper-case hex: the thumbprint Windows and the MSOnline cmdlets show. */
  readonly thumbprint: string;
  readonly roleSince: Date;
}

interface Row {
  thumbprint: string;
  role: TokenSigningRole;
  cert_pem: string;
  key_pem: string;
  role_since: number;
}

/** The thumbprint of a PEM or base64 DER certificate. */
export function thumbprintOf(certificate: string): string {
  const der = certificate.includes('-----BEGIN') ? new X509Certificate(certificate).raw : Buffer.from(certificate, 'base64');
  return createHash('sha1').update(der).digest('hex').toUpperCase();
}

const toCertificate = (row: Row): TokenSigningCertificate => ({ role: row.role, thumbprint: row.thumbprint, certPem: row.cert_pem, keyPem: row.key_pem, roleSince: new Date(row.role_since) });

export class TokenSigningStore {
  readonly #database: Database;

  constructor(database: Database) {
    this.#database = database;
  }

  #byRole(role: TokenSigningRole): TokenSigningCertificate | undefined {
    const row = this.#database.prepare('SELECT thumbprint, role, cert_pem, key_pem, role_since FROM token_signing_certificates WHERE role = ?').get(role) as Row | undefined;
    return row ? toCertificate(row) : undefined;
  }

  /** The first start's primary: the catalogue certificate (`signing/adfs-token-signing`). Later starts keep what the database holds. */
  initialize(pair: KeyPair, now: Date): boolean {
    if (this.#byRole('primary')) return false;
    this.#insert(pair, 'primary', now);
    return true;
  }

  primary(): TokenSigningCertificate {
    const primary = this.#byRole('primary');
    if (!primary) throw new Error('AD FS has no primary token-signing certificate; initialize() runs at start-up');
    return primary;
  }

  /** The secondary certificate, if there is one: `next` or `previous`. */
  secondary(): TokenSigningCertificate | undefined {
    return this.#byRole('next') ?? this.#byRole('previous');
  }

  addNext(pair: KeyPair, now: Date): void {
    this.#insert(pair, 'next', now);
  }

  /** The next certificate becomes primary; the primary stays published as previous. */
  promote(now: Date): void {
    transaction(this.#database, () => {
      this.#database.prepare("UPDATE token_signing_certificates SET role = 'previous', role_since = ? WHERE role = 'primary'").run(now.getTime());
      this.#database.prepare("UPDATE token_signing_certificates SET role = 'primary', role_since = ? WHERE role = 'next'").run(now.getTime());
    });
  }

  remove(role: Exclude<TokenSigningRole, 'primary'>): void {
    this.#database.prepare('DELETE FROM token_signing_certificates WHERE role = ?').run(role);
  }

  #insert(pair: KeyPair, role: TokenSigningRole, now: Date): void {
    this.#database
      .prepare('INSERT INTO token_signing_certificates (thumbprint, role, cert_pem, key_pem, added_at, role_since) VALUES (?, ?, ?, ?, ?, ?)')
      .run(thumbprintOf(pair.certPem), role, pair.certPem, pair.keyPem, now.getTime(), now.getTime());
  }
}
