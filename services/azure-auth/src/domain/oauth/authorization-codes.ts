import { LabError } from '../../../../../shared/errors/lab-error.ts';
import type { Database } from '../../../../../shared/store/database.ts';
import { randomToken, secretHash } from '../secrets.ts';

/** What a code was issued for (docs/identity.md: one-time, 10 min, bound to client_id and redirect_uri). */
export interface CodeGrant {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly objectId: string;
  readonly resource: string | null;
  readonly scope: string;
  readonly nonce: string | null;
  /** `amr` of the sign-in the code ends; absent for a password at azure-auth. */
  readonly authenticationMethods?: readonly string[];
}

function invalidGrant(code: string, message: string): LabError {
  return new LabError({ code, statusCode: 400, wireCode: 'invalid_grant', message });
}

export class AuthorizationCodeStore {
  readonly #database: Database;

  constructor(database: Database) {
    this.#database = database;
  }

  issue(grant: CodeGrant, now: Date, lifetimeSeconds: number): string {
    const code = randomToken();
    this.#database
      .prepare('INSERT INTO authorization_codes (code_hash, client_id, redirect_uri, object_id, resource, scope, nonce, expires_at, amr) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(secretHash(code), grant.clientId, grant.redirectUri, grant.objectId, grant.resource, grant.scope, grant.nonce, now.getTime() + lifetimeSeconds * 1000, grant.authenticationMethods ? JSON.stringify(grant.authenticationMethods) : null);
    return code;
  }

  /**
   * Marks a code used and returns its grant. The update that marks it is also the
   * check, so two concurrent redemptions cannot both win (RFC 6749 §4.1.2).
   */
  redeem(code: string, now: Date): CodeGrant {
    const hash = secretHash(code);
    const row = this.#database.prepare('SELECT * FROM authorization_codes WHERE code_hash = ?').get(hash) as
      | { client_id: string; redirect_uri: string; object_id: string; resource: string | null; scope: string; nonce: string | null; expires_at: number; redeemed_at: number | null; amr: string | null }
      | undefined;
    if (!row) throw invalidGrant('AADSTS70000', 'The provided authorization code is malformed or was not issued by this tenant.');
    if (row.expires_at <= now.getTime()) throw invalidGrant('AADSTS70008', 'The provided authorization code or refresh token has expired due to inactivity.');
    const marked = this.#database.prepare('UPDATE authorization_codes SET redeemed_at = ? WHERE code_hash = ? AND redeemed_at IS NULL').run(now.getTime(), hash);
    if (row.redeemed_at !== null || Number(marked.changes) !== 1) throw invalidGrant('AADSTS54005', 'OAuth2 Authorization code was already redeemed, please retry with a new valid code.');
    const grant: CodeGrant = { clientId: row.client_id, redirectUri: row.redirect_uri, objectId: row.object_id, resource: row.resource, scope: row.scope, nonce: row.nonce };
    return row.amr ? { ...grant, authenticationMethods: JSON.parse(row.amr) as string[] } : grant;
  }
}
