import { isDeepStrictEqual } from 'node:util';
import { openDatabase, type Database } from '../store/database.ts';
import type { FederationInformation } from './federation-information.ts';
import { identityOf, type HybridObjectKind, type HybridObjects, type IntraOrganizationConnector, type OrganizationRelationship } from './objects.ts';

/**
 * An Exchange organization's hybrid configuration (`hybrid.sqlite` in its state
 * directory; design §6): its federation information (one row, written with the defaults
 * on first start) and the hybrid objects of flow F9 (objects.ts), one row per kind and
 * identity, kept across restarts. `lab hybrid configure` writes them through the
 * management endpoints; EWS and Autodiscover read them.
 */
export type UpsertResult = 'created' | 'updated' | 'unchanged';

export interface HybridConfigStore {
  federation(): FederationInformation | undefined;
  setFederation(information: FederationInformation): void;
  /** Every object of a kind, by identity. */
  list<K extends HybridObjectKind>(kind: K): HybridObjects[K][];
  get<K extends HybridObjectKind>(kind: K, identity: string): HybridObjects[K] | undefined;
  /** Writes an object; says whether it was new, changed or already so (the wizard's idempotence). */
  upsert<K extends HybridObjectKind>(kind: K, object: HybridObjects[K]): UpsertResult;
  remove(kind: HybridObjectKind, identity: string): boolean;
  organizationRelationships(): OrganizationRelationship[];
  intraOrganizationConnectors(): IntraOrganizationConnector[];
  close(): void;
}

const migrations = [
  {
    version: 1,
    sql: `CREATE TABLE federation_information (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      application_uri TEXT NOT NULL,
      domains TEXT NOT NULL,
      token_issuers TEXT NOT NULL
    );`,
  },
  {
    version: 2,
    // Identities compare case-insensitively, as Exchange's -Identity does. The old default
    // gateway endpoint (login.microsoftonline.test) becomes the lab's DAuth gateway on nexus.
    sql: `CREATE TABLE hybrid_objects (
      kind TEXT NOT NULL,
      identity TEXT NOT NULL COLLATE NOCASE,
      body TEXT NOT NULL,
      changed_at INTEGER NOT NULL,
      PRIMARY KEY (kind, identity)
    );
    UPDATE federation_information SET token_issuers = replace(token_issuers, 'https://login.microsoftonline.test/extSTS.srf', 'https://nexus.microsoftonline-p.test/extSTS.srf');`,
  },
];

function read(database: Database): FederationInformation | undefined {
  const row = database.prepare('SELECT application_uri, domains, token_issuers FROM federation_information WHERE id = 1').get();
  if (!row) return undefined;
  return { applicationUri: String(row.application_uri), domains: JSON.parse(String(row.domains)) as string[], tokenIssuers: JSON.parse(String(row.token_issuers)) as FederationInformation['tokenIssuers'] };
}

function write(database: Database, information: FederationInformation): void {
  database
    .prepare('INSERT INTO federation_information (id, application_uri, domains, token_issuers) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET application_uri = excluded.application_uri, domains = excluded.domains, token_issuers = excluded.token_issuers')
    .run(information.applicationUri, JSON.stringify(information.domains), JSON.stringify(information.tokenIssuers));
}

export function openHybridConfigStore(stateDir: string, defaults: FederationInformation): HybridConfigStore {
  const database = openDatabase(stateDir, 'hybrid', migrations);
  if (!read(database)) write(database, defaults);
  const list = <K extends HybridObjectKind>(kind: K): HybridObjects[K][] =>
    database
      .prepare('SELECT body FROM hybrid_objects WHERE kind = ? ORDER BY identity')
      .all(kind)
      .map((row) => JSON.parse(String(row.body)) as HybridObjects[K]);
  const get = <K extends HybridObjectKind>(kind: K, identity: string): HybridObjects[K] | undefined => {
    const row = database.prepare('SELECT body FROM hybrid_objects WHERE kind = ? AND identity = ?').get(kind, identity);
    return row ? (JSON.parse(String(row.body)) as HybridObjects[K]) : undefined;
  };
  return {
    federation: () => read(database),
    setFederation: (information) => write(database, information),
    list,
    get,
    upsert(kind, object) {
      const identity = identityOf(kind, object);
      const before = get(kind, identity);
      if (before && isDeepStrictEqual(before, object)) return 'unchanged';
      database
        .prepare('INSERT INTO hybrid_objects (kind, identity, body, changed_at) VALUES (?, ?, ?, ?) ON CONFLICT (kind, identity) DO UPDATE SET identity = excluded.identity, body = excluded.body, changed_at = excluded.changed_at')
        .run(kind, identity, JSON.stringify(object), Date.now());
      return before ? 'updated' : 'created';
    },
    remove: (kind, identity) => Number(database.prepare('DELETE FROM hybrid_objects WHERE kind = ? AND identity = ?').run(kind, identity).changes) > 0,
    organizationRelationships: () => list('OrganizationRelationship'),
    intraOrganizationConnectors: () => list('IntraOrganizationConnector'),
    close: () => database.close(),
  };
}
