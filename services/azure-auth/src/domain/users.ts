import type { Database } from '../../../../shared/store/database.ts';
import { isDirectoryRole, primarySmtp, type UserRecord } from './user-record.ts';

export { isDirectoryRole, primarySmtp, roleTemplateIds, type DirectoryRole, type UserRecord } from './user-record.ts';

/** The users table, one row per directory user (schema.ts). */
type UserRow = {
  object_id: string;
  user_principal_name: string;
  display_name: string;
  mail: string | null;
  proxy_addresses: string;
  account_enabled: number;
  immutable_id: string | null;
  on_premises_sync_enabled: number;
  roles: string;
  credential: string | null;
  password_expires_at: number | null;
  failed_sign_ins: number;
  lockout_until: number | null;
  deleted_at: number | null;
  created_at: number;
};

function toRecord(row: UserRow): UserRecord {
  return {
    objectId: row.object_id,
    userPrincipalName: row.user_principal_name,
    displayName: row.display_name,
    mail: row.mail,
    proxyAddresses: JSON.parse(row.proxy_addresses) as string[],
    accountEnabled: row.account_enabled === 1,
    immutableId: row.immutable_id,
    onPremisesSyncEnabled: row.on_premises_sync_enabled === 1,
    roles: (JSON.parse(row.roles) as string[]).filter(isDirectoryRole),
    credential: row.credential,
    passwordExpiresAt: row.password_expires_at,
    failedSignIns: row.failed_sign_ins,
    lockoutUntil: row.lockout_until,
    deletedAt: row.deleted_at,
    createdAt: row.created_at,
  };
}

function toRow(user: UserRecord): UserRow {
  return {
    object_id: user.objectId,
    user_principal_name: user.userPrincipalName,
    display_name: user.displayName,
    mail: user.mail,
    proxy_addresses: JSON.stringify(user.proxyAddresses),
    account_enabled: user.accountEnabled ? 1 : 0,
    immutable_id: user.immutableId,
    on_premises_sync_enabled: user.onPremisesSyncEnabled ? 1 : 0,
    roles: JSON.stringify(user.roles),
    credential: user.credential,
    password_expires_at: user.passwordExpiresAt,
    failed_sign_ins: user.failedSignIns,
    lockout_until: user.lockoutUntil,
    deleted_at: user.deletedAt,
    created_at: user.createdAt,
  };
}

const columns = [
  'object_id', 'user_principal_name', 'display_name', 'mail', 'proxy_addresses', 'account_enabled', 'immutable_id', 'on_premises_sync_enabled',
  'roles', 'credential', 'password_expires_at', 'failed_sign_ins', 'lockout_until', 'deleted_at', 'created_at',
] as const satisfies readonly (keyof UserRow)[];

export class UserStore {
  readonly #database: Database;

  constructor(database: Database) {
    this.#database = database;
  }

  #one(where: string, value: string): UserRecord | undefined {
    const row = this.#database.prepare(`SELECT * FROM users WHERE ${where}`).get(value) as UserRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  byObjectId(objectId: string): UserRecord | undefined {
    return this.#one('object_id = ?', objectId);
  }

  byUserPrincipalName(userPrincipalName: string): UserRecord | undefined {
    return this.#one('user_principal_name = ?', userPrincipalName);
  }

  byImmutableId(immutableId: string): UserRecord | undefined {
    return this.#one('immutable_id = ?', immutableId);
  }

  /** Users whose primary SMTP address is `address` (case-insensitive). */
  byPrimarySmtp(address: string): UserRecord[] {
    return this.list().filter((user) => primarySmtp(user.proxyAddresses)?.toLowerCase() === address.toLowerCase());
  }

  list(): UserRecord[] {
    return (this.#database.prepare('SELECT * FROM users ORDER BY user_principal_name').all() as UserRow[]).map(toRecord);
  }

  count(): number {
    return Number((this.#database.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n);
  }

  insert(user: UserRecord): void {
    this.#database.prepare(`INSERT INTO users (${columns.join(', ')}) VALUES (${columns.map((column) => `:${column}`).join(', ')})`).run({ ...toRow(user) });
  }

  /** One more failed password; reaching `threshold` locks until `lockUntil` and restarts the count. */
  countFailedPassword(objectId: string, threshold: number, lockUntil: number): UserRecord {
    const row = this.#database
      .prepare(
        `UPDATE users SET
           lockout_until = CASE WHEN failed_sign_ins + 1 >= :threshold THEN :lockUntil ELSE lockout_until END,
           failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= :threshold THEN 0 ELSE failed_sign_ins + 1 END
         WHERE object_id = :objectId RETURNING *`,
      )
      .get({ objectId, threshold, lockUntil }) as UserRow;
    return toRecord(row);
  }

  clearFailedPasswords(objectId: string): void {
    this.#database.prepare('UPDATE users SET failed_sign_ins = 0, lockout_until = NULL WHERE object_id = ?').run(objectId);
  }

  /** Writes every field of `user` back; the object id is the key. */
  save(user: UserRecord): void {
    const assignments = columns.filter((column) => column !== 'object_id').map((column) => `${column} = :${column}`);
    this.#database.prepare(`UPDATE users SET ${assignments.join(', ')} WHERE object_id = :object_id`).run({ ...toRow(user) });
  }
}
