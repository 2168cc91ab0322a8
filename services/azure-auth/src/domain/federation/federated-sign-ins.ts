import type { Database } from '../../../../../shared/store/database.ts';
import type { SignInFlow } from '../oauth/sign-in-flows.ts';
import { randomToken, secretHash } from '../secrets.ts';

/**
 * The sign-ins azure-auth handed to a federated domain's identity provider. The
 * context travels as `wctx` to AD FS and back to /login.srf, and also sits in a cookie
 * of this browser; /login.srf needs both to agree, so a response posted into someone
 * else's browser finds nothing (security.md, login CSRF). Each context is used once.
 */
export class FederatedSignInStore {
  readonly #database: Database;

  constructor(database: Database) {
    this.#database = database;
  }

  start(flow: SignInFlow, now: Date, lifetimeSeconds: number): string {
    const context = randomToken();
    this.#database.prepare('DELETE FROM federated_sign_ins WHERE expires_at <= ?').run(now.getTime());
    this.#database.prepare('INSERT INTO federated_sign_ins (context_hash, flow_id_hash, expires_at) VALUES (?, ?, ?)').run(secretHash(context), flow.idHash, now.getTime() + lifetimeSeconds * 1000);
    return context;
  }

  /** The flow id hash a live context names; the context is gone afterwards. */
  take(context: string, now: Date): string | undefined {
    const row = this.#database.prepare('DELETE FROM federated_sign_ins WHERE context_hash = ? RETURNING flow_id_hash, expires_at').get(secretHash(context)) as { flow_id_hash: string; expires_at: number } | undefined;
    return row && row.expires_at > now.getTime() ? row.flow_id_hash : undefined;
  }
}
