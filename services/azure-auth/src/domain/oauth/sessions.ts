import type { Database } from '../../../../../shared/store/database.ts';
import { randomToken, secretHash } from '../secrets.ts';

/**
 * Server-side sign-in sessions behind the `ESTSAUTH` cookie (client-flows §2.2): the
 * cookie carries a random id, the database only its hash and the user it stands for.
 */
export class SessionStore {
  readonly #database: Database;

  constructor(database: Database) {
    this.#database = database;
  }

  /** Starts a session and returns the cookie value. */
  create(objectId: string, now: Date, lifetimeSeconds: number): string {
    const id = randomToken();
    this.#database.prepare('INSERT INTO sessions (id_hash, object_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(secretHash(id), objectId, now.getTime(), now.getTime() + lifetimeSeconds * 1000);
    return id;
  }

  /** The user of a live session, or undefined for an unknown or expired cookie. */
  userOf(cookie: string | undefined, now: Date): string | undefined {
    if (!cookie) return undefined;
    const row = this.#database.prepare('SELECT object_id, expires_at FROM sessions WHERE id_hash = ?').get(secretHash(cookie)) as { object_id: string; expires_at: number } | undefined;
    return row && row.expires_at > now.getTime() ? row.object_id : undefined;
  }

  count(now: Date): number {
    return Number((this.#database.prepare('SELECT count(*) AS n FROM sessions WHERE expires_at > ?').get(now.getTime()) as { n: number }).n);
  }
}
