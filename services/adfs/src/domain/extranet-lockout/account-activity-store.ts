import { openDatabase, transaction, type Database, type Migration } from '../../../../../shared/store/database.ts';
import { emptyActivity, withFamiliarIps, type AccountActivity, type Location } from './account-activity.ts';
import type { AccountKey } from './account-key.ts';

/**
 * The AccountActivity table of AD FS's artifact store (AdfsArtifactStore.AccountActivity),
 * in AD FS's own SQLite database under its state directory, so counters, lockouts and
 * familiar IPs survive a restart. Times are epoch milliseconds. Each change is one
 * statement or one transaction, so concurrent sign-ins cannot lose a count.
 */
const migrations: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE account_activity (
        account TEXT PRIMARY KEY,
        bad_pwd_count_familiar INTEGER NOT NULL DEFAULT 0,
        last_failed_familiar INTEGER,
        bad_pwd_count_unknown INTEGER NOT NULL DEFAULT 0,
        last_failed_unknown INTEGER,
        familiar_ips TEXT NOT NULL DEFAULT '[]',
        updated_at INTEGER NOT NULL
      );
      -- Other names of an account (its down-level name, its implicit UPN), learned at sign-in.
      CREATE TABLE account_aliases (alias TEXT PRIMARY KEY, account TEXT NOT NULL);
    `,
  },
];

interface Row {
  account: string;
  bad_pwd_count_familiar: number;
  last_failed_familiar: number | null;
  bad_pwd_count_unknown: number;
  last_failed_unknown: number | null;
  familiar_ips: string;
}

const columns = { familiar: ['bad_pwd_count_familiar', 'last_failed_familiar'], unknown: ['bad_pwd_count_unknown', 'last_failed_unknown'] } as const;

function toActivity(row: Row): AccountActivity {
  const date = (ms: number | null) => (ms === null ? null : new Date(ms));
  return {
    account: row.account,
    badPwdCountFamiliar: row.bad_pwd_count_familiar,
    lastFailedAuthFamiliar: date(row.last_failed_familiar),
    badPwdCountUnknown: row.bad_pwd_count_unknown,
    lastFailedAuthUnknown: date(row.last_failed_unknown),
    familiarIps: JSON.parse(row.familiar_ips) as string[],
  };
}

export interface AccountActivityStore {
  /** The account a name belongs to, once a sign-in has said so; else the name's own key. */
  resolve(key: AccountKey): AccountKey;
  read(account: AccountKey): AccountActivity;
  /** Counts one bad password at a location, stamped `now`; returns the row after it. */
  countBadPassword(account: AccountKey, location: Location, now: Date): AccountActivity;
  /** A correct password: the location's counter starts again and the addresses become familiar. */
  recordSuccess(account: AccountKey, location: Location, clientIps: readonly string[], maxFamiliarIps: number, now: Date): AccountActivity;
  /** Makes `aliases` names of `account`, folding whatever was counted under them into its row. */
  learnAliases(account: AccountKey, aliases: readonly AccountKey[], maxFamiliarIps: number, now: Date): void;
  /** Reset-AdfsAccountLockout: the named counters back to zero. */
  reset(account: AccountKey, locations: readonly Location[], now: Date): AccountActivity;
  close(): void;
}

export function openAccountActivityStore(stateDir: string): AccountActivityStore {
  const database: Database = openDatabase(stateDir, 'artifact-store', migrations);
  const select = database.prepare('SELECT * FROM account_activity WHERE account = ?');
  const ensure = database.prepare('INSERT INTO account_activity (account, updated_at) VALUES (?, ?) ON CONFLICT (account) DO NOTHING');
  const aliasOf = database.prepare('SELECT account FROM account_aliases WHERE alias = ?');
  const read = (account: AccountKey): AccountActivity => {
    const row = select.get(account) as Row | undefined;
    return row ? toActivity(row) : emptyActivity(account);
  };
  const writeIps = (account: AccountKey, ips: readonly string[], now: Date) =>
    database.prepare('UPDATE account_activity SET familiar_ips = ?, updated_at = ? WHERE account = ?').run(JSON.stringify(ips), now.getTime(), account);

  return {
    resolve: (key) => (aliasOf.get(key) as { account: string } | undefined)?.account ?? key,
    read,
    countBadPassword(account, location, now) {
      const [count, last] = columns[location];
      ensure.run(account, now.getTime());
      database.prepare(`UPDATE account_activity SET ${count} = ${count} + 1, ${last} = ?, updated_at = ? WHERE account = ?`).run(now.getTime(), now.getTime(), account);
      return read(account);
    },
    recordSuccess(account, location, clientIps, maxFamiliarIps, now) {
      const [count] = columns[location];
      return transaction(database, () => {
        ensure.run(account, now.getTime());
        database.prepare(`UPDATE account_activity SET ${count} = 0 WHERE account = ?`).run(account);
        writeIps(account, withFamiliarIps(read(account).familiarIps, clientIps, maxFamiliarIps), now);
        return read(account);
      });
    },
    learnAliases(account, aliases, maxFamiliarIps, now) {
      transaction(database, () => {
        ensure.run(account, now.getTime());
        for (const alias of aliases) {
          database.prepare('INSERT INTO account_aliases (alias, account) VALUES (?, ?) ON CONFLICT (alias) DO UPDATE SET account = excluded.account').run(alias, account);
          const folded = select.get(alias) as Row | undefined;
          if (!folded) continue;
          // Guesses made under another name before it was known still count against the account.
          database
            .prepare(
              `UPDATE account_activity SET
                 bad_pwd_count_familiar = bad_pwd_count_familiar + ?, last_failed_familiar = max(coalesce(last_failed_familiar, 0), coalesce(?, 0)),
                 bad_pwd_count_unknown = bad_pwd_count_unknown + ?, last_failed_unknown = max(coalesce(last_failed_unknown, 0), coalesce(?, 0))
               WHERE account = ?`,
            )
            .run(folded.bad_pwd_count_familiar, folded.last_failed_familiar, folded.bad_pwd_count_unknown, folded.last_failed_unknown, account);
          writeIps(account, withFamiliarIps(read(account).familiarIps, JSON.parse(folded.familiar_ips) as string[], maxFamiliarIps), now);
          database.prepare('DELETE FROM account_activity WHERE account = ?').run(alias);
        }
        // max(…, 0) above turned "never" into 0; keep never as NULL.
        database.prepare('UPDATE account_activity SET last_failed_familiar = nullif(last_failed_familiar, 0), last_failed_unknown = nullif(last_failed_unknown, 0) WHERE account = ?').run(account);
      });
    },
    reset(account, locations, now) {
      for (const location of locations) {
        const [count] = columns[location];
        database.prepare(`UPDATE account_activity SET ${count} = 0, updated_at = ? WHERE account = ?`).run(now.getTime(), account);
      }
      return read(account);
    },
    close: () => database.close(),
  };
}
