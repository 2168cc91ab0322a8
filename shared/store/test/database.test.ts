import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase, transaction, type Database, type Migration } from '../database.ts';

/** Version 2 only works after version 1, and inserts a row, so running either twice shows. */
const createNotes: Migration = { version: 1, sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);' };
const seedNote: Migration = { version: 2, sql: "ALTER TABLE notes ADD COLUMN author TEXT; INSERT INTO notes (body, author) VALUES ('seeded', 'migration 2');" };
const addTags: Migration = { version: 3, sql: 'CREATE TABLE tags (note_id INTEGER NOT NULL REFERENCES notes (id), tag TEXT NOT NULL);' };

let root: string;
let counter = 0;

before(() => {
  root = mkdtempSync(join(tmpdir(), 'hybrid-lab-store-'));
});

after(() => rmSync(root, { recursive: true, force: true }));

/** A state directory of its own for each test, not yet created. */
const freshStateDir = (): string => join(root, `state-${++counter}`, 'nested');

const userVersion = (database: Database): number => Number((database.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
const count = (database: Database, table: string): number => Number((database.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);
const tables = (database: Database): string[] =>
  (database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((row) => row.name);

describe('openDatabase', () => {
  it('creates <name>.sqlite in a state directory that did not exist yet', () => {
    const stateDir = freshStateDir();
    const database = openDatabase(stateDir, 'connector-space', [createNotes]);
    database.close();
    assert.ok(existsSync(join(stateDir, 'connector-space.sqlite')));
  });

  it('applies migrations in version order whatever order they are given in', () => {
    const database = openDatabase(freshStateDir(), 'lab', [seedNote, createNotes]);
    assert.equal(userVersion(database), 2);
    assert.deepEqual(database.prepare('SELECT body, author FROM notes').all().map((row) => ({ ...row })), [{ body: 'seeded', author: 'migration 2' }]);
    database.close();
  });

  it('applies each migration only once when the database is reopened', () => {
    const stateDir = freshStateDir();
    openDatabase(stateDir, 'lab', [createNotes, seedNote]).close();
    const reopened = openDatabase(stateDir, 'lab', [createNotes, seedNote]);
    assert.equal(userVersion(reopened), 2);
    assert.equal(count(reopened, 'notes'), 1);
    reopened.close();
  });

  it('applies a migration added since the last open, and only that one', () => {
    const stateDir = freshStateDir();
    openDatabase(stateDir, 'lab', [createNotes, seedNote]).close();
    const reopened = openDatabase(stateDir, 'lab', [createNotes, seedNote, addTags]);
    assert.equal(userVersion(reopened), 3);
    assert.deepEqual(tables(reopened), ['notes', 'tags']);
    assert.equal(count(reopened, 'notes'), 1);
    reopened.close();
  });

  it('rolls back a migration that fails and leaves the version where it was', () => {
    const stateDir = freshStateDir();
    openDatabase(stateDir, 'lab', [createNotes]).close();
    const broken: Migration = { version: 2, sql: "INSERT INTO notes (body) VALUES ('half'); INSERT INTO missing_table VALUES (1);" };
    assert.throws(() => openDatabase(stateDir, 'lab', [createNotes, broken]), /missing_table/);
    const reopened = openDatabase(stateDir, 'lab', [createNotes]);
    assert.equal(userVersion(reopened), 1);
    assert.equal(count(reopened, 'notes'), 0);
    reopened.close();
  });

  it('keeps committed rows across close and reopen', () => {
    const stateDir = freshStateDir();
    const database = openDatabase(stateDir, 'lab', [createNotes]);
    database.prepare('INSERT INTO notes (body) VALUES (?)').run('survives a restart');
    database.close();
    const reopened = openDatabase(stateDir, 'lab', [createNotes]);
    assert.deepEqual(reopened.prepare('SELECT body FROM notes').all().map((row) => row.body), ['survives a restart']);
    reopened.close();
  });
});

describe('transaction', () => {
  it('commits all of the work and returns its result', () => {
    const database = openDatabase(freshStateDir(), 'lab', [createNotes]);
    const inserted = transaction(database, () => {
      database.prepare('INSERT INTO notes (body) VALUES (?)').run('one');
      database.prepare('INSERT INTO notes (body) VALUES (?)').run('two');
      return 2;
    });
    assert.equal(inserted, 2);
    assert.equal(count(database, 'notes'), 2);
    database.close();
  });

  it('writes nothing and rethrows the same error when the work throws', () => {
    const database = openDatabase(freshStateDir(), 'lab', [createNotes]);
    const failure = new Error('the second write failed');
    assert.throws(
      () =>
        transaction(database, () => {
          database.prepare('INSERT INTO notes (body) VALUES (?)').run('written, then rolled back');
          throw failure;
        }),
      (error: unknown) => error === failure,
    );
    assert.equal(count(database, 'notes'), 0);
    assert.equal(database.isTransaction, false);
    database.close();
  });
});
