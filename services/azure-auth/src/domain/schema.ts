import { openDatabase, type Database, type Migration } from '../../../../shared/store/database.ts';

/**
 * The tenant directory and sign-in state (docs/identity.md, "azure-auth"). Times are
 * epoch milliseconds. Secrets that travel in cookies or URLs (session ids, flow ids,
 * authorization codes) are stored only as their SHA-256, so a copy of the database
 * cannot replay them.
 */
const migrations: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE tenant (id TEXT PRIMARY KEY, display_name TEXT NOT NULL, initial_domain TEXT NOT NULL, routing_domain TEXT NOT NULL);
      CREATE TABLE domains (name TEXT PRIMARY KEY COLLATE NOCASE, authentication TEXT NOT NULL CHECK (authentication IN ('Managed', 'Federated')));
      CREATE TABLE users (
        object_id TEXT PRIMARY KEY,
        user_principal_name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        mail TEXT,
        proxy_addresses TEXT NOT NULL DEFAULT '[]',
        account_enabled INTEGER NOT NULL DEFAULT 1,
        -- client-flows §5: the ImmutableID is case-sensitive, so BINARY collation.
        immutable_id TEXT UNIQUE,
        on_premises_sync_enabled INTEGER NOT NULL DEFAULT 0,
        roles TEXT NOT NULL DEFAULT '[]',
        credential TEXT,
        password_expires_at INTEGER,
        failed_sign_ins INTEGER NOT NULL DEFAULT 0,
        lockout_until INTEGER,
        deleted_at INTEGER,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE sessions (id_hash TEXT PRIMARY KEY, object_id TEXT NOT NULL REFERENCES users (object_id), created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
      CREATE TABLE sign_in_flows (id_hash TEXT PRIMARY KEY, canary TEXT NOT NULL, request TEXT NOT NULL, username TEXT, expires_at INTEGER NOT NULL);
      CREATE TABLE authorization_codes (
        code_hash TEXT PRIMARY KEY,
        client_id TEXT NOT NULL,
        redirect_uri TEXT NOT NULL,
        object_id TEXT NOT NULL REFERENCES users (object_id),
        resource TEXT,
        scope TEXT NOT NULL,
        nonce TEXT,
        expires_at INTEGER NOT NULL,
        redeemed_at INTEGER
      );
    `,
  },
  {
    // Per-domain federation settings (client-flows §2.5), set by `lab federate` (Convert-MsolDomainToFederated).
    version: 2,
    sql: 'CREATE TABLE domain_federation (domain TEXT PRIMARY KEY COLLATE NOCASE REFERENCES domains (name), settings TEXT NOT NULL, updated_at INTEGER NOT NULL);',
  },
  {
    // A sign-in sent to a federated domain's identity provider, found again by its wctx at /login.srf.
    version: 3,
    sql: 'CREATE TABLE federated_sign_ins (context_hash TEXT PRIMARY KEY, flow_id_hash TEXT NOT NULL, expires_at INTEGER NOT NULL);',
  },
  {
    // How the user signed in (amr, JSON; NULL is a password here), so a code redeemed after /login.srf keeps ["wia","fed"].
    version: 4,
    sql: 'ALTER TABLE authorization_codes ADD COLUMN amr TEXT;',
  },
  {
    // The federation gateway (DAuth, server-flows §2.1): each organization's federation trust, and the
    // immutable id the gateway gives each user it has issued a delegation token for.
    version: 5,
    sql: `
      CREATE TABLE federation_gateway_trusts (
        name TEXT PRIMARY KEY COLLATE NOCASE,
        application_uri TEXT NOT NULL UNIQUE COLLATE NOCASE,
        domains TEXT NOT NULL,
        certificate_pem TEXT NOT NULL,
        thumbprint_sha1 TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE federation_gateway_identities (smtp_address TEXT PRIMARY KEY COLLATE NOCASE, immutable_id TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL);
    `,
  },
  {
    // S2S OAuth (server-flows §1.8, "Cloud directory"): service principals, their SPNs
    // (the hosts the token service issues tokens for) and their Verify key credentials
    // (certificates whose self-signed client assertions it accepts, found by x5t).
    // Exchange's principal is well known, so it is created here, with the SPNs of
    // Exchange Online; the hybrid wizard adds the on-premises certificate and names.
    version: 6,
    sql: `
      CREATE TABLE service_principals (app_id TEXT PRIMARY KEY, display_name TEXT NOT NULL);
      CREATE TABLE service_principal_names (app_id TEXT NOT NULL REFERENCES service_principals (app_id), name TEXT NOT NULL COLLATE NOCASE, added_at INTEGER NOT NULL, PRIMARY KEY (app_id, name));
      CREATE TABLE key_credentials (
        app_id TEXT NOT NULL REFERENCES service_principals (app_id),
        x5t TEXT NOT NULL,
        usage TEXT NOT NULL CHECK (usage = 'Verify'),
        certificate TEXT NOT NULL,
        start_at INTEGER NOT NULL,
        end_at INTEGER NOT NULL,
        added_at INTEGER NOT NULL,
        PRIMARY KEY (app_id, x5t)
      );
      INSERT INTO service_principals (app_id, display_name) VALUES ('00000002-0000-0ff1-ce00-000000000000', 'Office 365 Exchange Online');
      INSERT INTO service_principal_names (app_id, name, added_at) VALUES
        ('00000002-0000-0ff1-ce00-000000000000', '00000002-0000-0ff1-ce00-000000000000/outlook.office365.test', 0),
        ('00000002-0000-0ff1-ce00-000000000000', '00000002-0000-0ff1-ce00-000000000000/autodiscover-s.outlook.test', 0);
    `,
  },
];

export function openTenantDatabase(stateDir: string): Database {
  return openDatabase(stateDir, 'azure-auth', migrations);
}
