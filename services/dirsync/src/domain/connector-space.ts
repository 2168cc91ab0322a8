import { openDatabase, transaction, type Database } from '../../../../shared/store/database.ts';
import type { CloudObject } from './transform.ts';

/**
 * dirsync's persistent state: what was last exported for each source anchor (so a
 * restart neither re-sends nor loses anything), the import and password watermarks
 * (USNs), and a summary of every run.
 */
export interface RunSummary {
  readonly id?: number;
  readonly kind: RunKind;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly imported: number;
  readonly adds: number;
  readonly updates: number;
  readonly deletes: number;
  readonly matches: number;
  readonly passwords: number;
  readonly unchanged: number;
  readonly errors: readonly string[];
}

export type RunKind = 'full' | 'delta' | 'passwords';
export type Watermark = 'import' | 'passwords';

const migrations = [
  {
    version: 1,
    sql: `
      CREATE TABLE exported (source_anchor TEXT PRIMARY KEY, object_guid TEXT NOT NULL UNIQUE, upn TEXT NOT NULL, body TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, exported_at TEXT NOT NULL);
      CREATE TABLE watermarks (name TEXT PRIMARY KEY, usn INTEGER NOT NULL);
      CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT NOT NULL, summary TEXT NOT NULL);
    `,
  },
  {
    // Objects the cloud refused: retried on every run until accepted or changed, like AD Connect's export errors.
    version: 2,
    sql: 'CREATE TABLE export_errors (source_anchor TEXT PRIMARY KEY, object_guid TEXT NOT NULL, body TEXT NOT NULL, error TEXT NOT NULL, at TEXT NOT NULL);',
  },
];

export class ConnectorSpace {
  readonly #db: Database;

  constructor(stateDir: string) {
    this.#db = openDatabase(stateDir, 'connector-space', migrations);
  }

  watermark(name: Watermark): number {
    const row = this.#db.prepare('SELECT usn FROM watermarks WHERE name = ?').get(name) as { usn: number } | undefined;
    return row?.usn ?? 0;
  }

  setWatermark(name: Watermark, usn: number): void {
    this.#db.prepare('INSERT INTO watermarks (name, usn) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET usn = excluded.usn').run(name, usn);
  }

  /** The body last exported for an anchor, to skip objects that did not change. */
  lastExported(sourceAnchor: string): string | undefined {
    const row = this.#db.prepare('SELECT body FROM exported WHERE source_anchor = ? AND deleted = 0').get(sourceAnchor) as { body: string } | undefined;
    return row?.body;
  }

  sourceAnchorOfGuid(objectGuid: string): string | undefined {
    const row = this.#db.prepare('SELECT source_anchor FROM exported WHERE object_guid = ? AND deleted = 0').get(objectGuid) as { source_anchor: string } | undefined;
    return row?.source_anchor;
  }

  objectGuidOf(sourceAnchor: string): string | undefined {
    const row = this.#db.prepare('SELECT object_guid FROM exported WHERE source_anchor = ?').get(sourceAnchor) as { object_guid: string } | undefined;
    return row?.object_guid;
  }

  liveAnchors(): Map<string, string> {
    const rows = this.#db.prepare('SELECT source_anchor, upn FROM exported WHERE deleted = 0').all() as { source_anchor: string; upn: string }[];
    return new Map(rows.map((row) => [row.source_anchor, row.upn]));
  }

  recordExport(object: CloudObject, objectGuid: string): void {
    this.#db
      .prepare(`INSERT INTO exported (source_anchor, object_guid, upn, body, deleted, exported_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT(source_anchor) DO UPDATE SET upn = excluded.upn, body = excluded.body, deleted = excluded.deleted, exported_at = excluded.exported_at`)
      .run(object.sourceAnchor, objectGuid, object.userPrincipalName, JSON.stringify(object), object.deleted ? 1 : 0, new Date().toISOString());
  }

  recordExportError(object: CloudObject, objectGuid: string, error: string): void {
    this.#db
      .prepare('INSERT INTO export_errors (source_anchor, object_guid, body, error, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(source_anchor) DO UPDATE SET body = excluded.body, error = excluded.error, at = excluded.at')
      .run(object.sourceAnchor, objectGuid, JSON.stringify(object), error, new Date().toISOString());
  }

  clearExportError(sourceAnchor: string): void {
    this.#db.prepare('DELETE FROM export_errors WHERE source_anchor = ?').run(sourceAnchor);
  }

  /** Objects the cloud refused last time, to send again. */
  pendingExports(): { object: CloudObject; objectGuid: string; error: string }[] {
    const rows = this.#db.prepare('SELECT object_guid, body, error FROM export_errors ORDER BY source_anchor').all() as { object_guid: string; body: string; error: string }[];
    return rows.map((row) => ({ object: JSON.parse(row.body) as CloudObject, objectGuid: row.object_guid, error: row.error }));
  }

  recordRun(summary: RunSummary): RunSummary {
    return transaction(this.#db, () => {
      const result = this.#db.prepare('INSERT INTO runs (kind, started_at, finished_at, summary) VALUES (?, ?, ?, ?)').run(summary.kind, summary.startedAt, summary.finishedAt, JSON.stringify(summary));
      return { ...summary, id: Number(result.lastInsertRowid) };
    });
  }

  recentRuns(limit = 20): RunSummary[] {
    const rows = this.#db.prepare('SELECT id, summary FROM runs ORDER BY id DESC LIMIT ?').all(limit) as { id: number; summary: string }[];
    return rows.map((row) => ({ ...(JSON.parse(row.summary) as RunSummary), id: row.id }));
  }

  close(): void {
    this.#db.close();
  }
}
