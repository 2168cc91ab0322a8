import { openDatabase, type Database } from '../store/database.ts';
import type { FederationInformation } from './federation-information.ts';

/**
 * An Exchange organization's hybrid configuration (`hybrid.sqlite` in its state
 * directory; design §6): for now its federation information, one row, written with the
 * defaults on first start and kept across restarts. The hybrid configuration command
 * (flow F9) is where it will change.
 */
export interface HybridConfigStore {
  federation(): FederationInformation | undefined;
  setFederation(information: FederationInformation): void;
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
  return {
    federation: () => read(database),
    setFederation: (information) => write(database, information),
    close: () => database.close(),
  };
}
