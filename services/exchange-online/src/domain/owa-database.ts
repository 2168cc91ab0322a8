import { openDatabase, type Database, type Migration } from '../../../../shared/store/database.ts';

/**
 * exchange-online's own database (`exchange-online.sqlite`): OWA's started sign-ins
 * and sessions, server-side so the cookies carry only random ids. Rows are keyed by
 * the SHA-256 of the cookie value, so the database alone cannot replay a session.
 */
const migrations: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE owa_sign_ins (
        id_hash TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        nonce TEXT NOT NULL,
        expires TEXT NOT NULL
      );
      CREATE TABLE owa_sessions (
        id_hash TEXT PRIMARY KEY,
        upn TEXT NOT NULL,
        name TEXT NOT NULL,
        object_id TEXT NOT NULL,
        created TEXT NOT NULL,
        expires TEXT NOT NULL
      );
    `,
  },
];

export function openOwaDatabase(stateDir: string): Database {
  return openDatabase(stateDir, 'exchange-online', migrations);
}
