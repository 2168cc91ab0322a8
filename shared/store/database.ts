import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/**
 * A service's embedded database (design §6): SQLite via node:sqlite in the service's
 * state directory, write-ahead logged, schema migrated forward by version, writes in
 * transactions. State survives restarts because the directory is a volume.
 */
export interface Migration {
  readonly version: number;
  readonly sql: string;
}

export type Database = DatabaseSync;

export function openDatabase(stateDir: string, name: string, migrations: readonly Migration[]): DatabaseSync {
  mkdirSync(stateDir, { recursive: true });
  const database = new DatabaseSync(join(stateDir, `${name}.sqlite`));
  database.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
  const current = Number((database.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue;
    transaction(database, () => {
      database.exec(migration.sql);
      database.exec(`PRAGMA user_version = ${migration.version}`);
    });
  }
  cachePreparedStatements(database);
  return database;
}

const maxCachedStatements = 512;

/**
 * `prepare` compiles its SQL every call, which cost the token service more than its
 * queries (bench:freebusy's profile): the database keeps each statement it prepared, by
 * SQL text, and hands it out again. node:sqlite resets a statement before each run, and
 * the lab reads with `get`/`all` only (never a live `iterate`), so reuse is safe.
 */
function cachePreparedStatements(database: DatabaseSync): void {
  const prepare = database.prepare.bind(database);
  const statements = new Map<string, ReturnType<DatabaseSync['prepare']>>();
  database.prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = prepare(sql);
      if (statements.size >= maxCachedStatements) statements.delete(statements.keys().next().value!);
      statements.set(sql, statement);
    }
    return statement;
  };
}

/** Runs `work` in one transaction: all of it is written, or none. */
export function transaction<T>(database: DatabaseSync, work: () => T): T {
  database.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    database.exec('COMMIT');
    return result;
  } catch (error) {
    database.exec('ROLLBACK');
    throw error;
  }
}
