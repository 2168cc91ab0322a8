import { openDatabase, type Database, type Migration } from '../../../../../shared/store/database.ts';

/**
 * AD FS's own state (design §6), in its state directory: the token-signing certificates
 * AD FS manages, as AD FS keeps them in its configuration database when
 * AutoCertificateRollover is on. Times are epoch milliseconds.
 */
const migrations: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE token_signing_certificates (
        thumbprint TEXT PRIMARY KEY,
        -- primary signs; next is published before it signs; previous is published after it stopped.
        role TEXT NOT NULL CHECK (role IN ('primary', 'next', 'previous')),
        cert_pem TEXT NOT NULL,
        key_pem TEXT NOT NULL,
        added_at INTEGER NOT NULL,
        role_since INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX one_certificate_per_role ON token_signing_certificates (role);
    `,
  },
];

export function openCertificateDatabase(stateDir: string): Database {
  return openDatabase(stateDir, 'adfs-certificates', migrations);
}
