import type { Database } from '../../../../../shared/store/database.ts';
import { randomToken, secretHash } from '../secrets.ts';
import type { AuthorizeRequest } from './authorize-request.ts';

/**
 * A sign-in in progress: the checked authorize request, the CSRF token (`canary`)
 * its forms must echo, and the username once chosen. The browser holds the flow id
 * in a cookie, so a form posted from elsewhere finds no flow or the wrong canary
 * (security.md, login CSRF).
 */
export interface SignInFlow {
  readonly idHash: string;
  readonly canary: string;
  readonly request: AuthorizeRequest;
  readonly username: string | null;
}

export class SignInFlowStore {
  readonly #database: Database;

  constructor(database: Database) {
    this.#database = database;
  }

  /** Starts a flow; returns the cookie value and the flow. */
  start(request: AuthorizeRequest, now: Date, lifetimeSeconds: number): { cookie: string; flow: SignInFlow } {
    const cookie = randomToken();
    const flow: SignInFlow = { idHash: secretHash(cookie), canary: randomToken(), request, username: null };
    this.#database.prepare('DELETE FROM sign_in_flows WHERE expires_at <= ?').run(now.getTime());
    this.#database
      .prepare('INSERT INTO sign_in_flows (id_hash, canary, request, username, expires_at) VALUES (?, ?, ?, NULL, ?)')
      .run(flow.idHash, flow.canary, JSON.stringify(request), now.getTime() + lifetimeSeconds * 1000);
    return { cookie, flow };
  }

  find(cookie: string | undefined, now: Date): SignInFlow | undefined {
    if (!cookie) return undefined;
    return this.byIdHash(secretHash(cookie), now);
  }

  /** A flow by its stored id hash (the federated return leg carries no esctx cookie). */
  byIdHash(idHash: string, now: Date): SignInFlow | undefined {
    const row = this.#database.prepare('SELECT id_hash, canary, request, username, expires_at FROM sign_in_flows WHERE id_hash = ?').get(idHash) as
      | { id_hash: string; canary: string; request: string; username: string | null; expires_at: number }
      | undefined;
    if (!row || row.expires_at <= now.getTime()) return undefined;
    return { idHash: row.id_hash, canary: row.canary, request: JSON.parse(row.request) as AuthorizeRequest, username: row.username };
  }

  chooseUsername(flow: SignInFlow, username: string | null): SignInFlow {
    this.#database.prepare('UPDATE sign_in_flows SET username = ? WHERE id_hash = ?').run(username, flow.idHash);
    return { ...flow, username };
  }

  finish(flow: SignInFlow): void {
    this.#database.prepare('DELETE FROM sign_in_flows WHERE id_hash = ?').run(flow.idHash);
  }
}
