import type { Database } from '../../../../shared/store/database.ts';
import { idHash, randomId } from './opaque-id.ts';

/** A signed-in OWA user, from the verified access token. */
export interface OwaUser {
  readonly upn: string;
  readonly name: string;
  readonly objectId: string;
}

export interface OwaSession extends OwaUser {
  readonly expires: Date;
}

/** Starts a server-side session; returns the cookie value that names it. */
export function startSession(database: Database, user: OwaUser, now: Date, lifetimeSeconds: number): { cookie: string; expires: Date } {
  const cookie = randomId();
  const expires = new Date(now.getTime() + lifetimeSeconds * 1000);
  database.prepare('DELETE FROM owa_sessions WHERE expires <= ?').run(now.toISOString());
  database
    .prepare('INSERT INTO owa_sessions (id_hash, upn, name, object_id, created, expires) VALUES (?, ?, ?, ?, ?, ?)')
    .run(idHash(cookie), user.upn, user.name, user.objectId, now.toISOString(), expires.toISOString());
  return { cookie, expires };
}

/** The live session the cookie names, if any. */
export function findSession(database: Database, cookie: string | undefined, now: Date): OwaSession | undefined {
  if (!cookie) return undefined;
  const row = database.prepare('SELECT upn, name, object_id, expires FROM owa_sessions WHERE id_hash = ? AND expires > ?').get(idHash(cookie), now.toISOString()) as
    | { upn: string; name: string; object_id: string; expires: string }
    | undefined;
  return row && { upn: row.upn, name: row.name, objectId: row.object_id, expires: new Date(row.expires) };
}

export function endSession(database: Database, cookie: string | undefined): void {
  if (cookie) database.prepare('DELETE FROM owa_sessions WHERE id_hash = ?').run(idHash(cookie));
}

export function countSessions(database: Database, now: Date): number {
  return (database.prepare('SELECT count(*) AS count FROM owa_sessions WHERE expires > ?').get(now.toISOString()) as { count: number }).count;
}
