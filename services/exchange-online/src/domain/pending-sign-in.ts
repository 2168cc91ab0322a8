import type { Database } from '../../../../shared/store/database.ts';
import { idHash, randomId } from './opaque-id.ts';

/**
 * A sign-in OWA has started: the state and nonce it sent to azure-auth, bound to the
 * browser by a short-lived cookie (security.md, login CSRF: bind the response to the
 * request's state). Each can be taken once.
 */
export interface PendingSignIn {
  readonly state: string;
  readonly nonce: string;
  readonly expires: Date;
}

export interface StartedSignIn extends PendingSignIn {
  /** The cookie value that finds this sign-in again. */
  readonly cookie: string;
}

export function beginSignIn(database: Database, now: Date, lifetimeSeconds: number): StartedSignIn {
  const started = { cookie: randomId(), state: randomId(), nonce: randomId(), expires: new Date(now.getTime() + lifetimeSeconds * 1000) };
  database.prepare('DELETE FROM owa_sign_ins WHERE expires <= ?').run(now.toISOString());
  database.prepare('INSERT INTO owa_sign_ins (id_hash, state, nonce, expires) VALUES (?, ?, ?, ?)').run(idHash(started.cookie), started.state, started.nonce, started.expires.toISOString());
  return started;
}

/** The sign-in the cookie names, removed so it cannot be used again; expired ones are returned as such for the caller to refuse. */
export function takeSignIn(database: Database, cookie: string | undefined): PendingSignIn | undefined {
  if (!cookie) return undefined;
  const row = database.prepare('DELETE FROM owa_sign_ins WHERE id_hash = ? RETURNING state, nonce, expires').get(idHash(cookie)) as { state: string; nonce: string; expires: string } | undefined;
  return row && { state: row.state, nonce: row.nonce, expires: new Date(row.expires) };
}
