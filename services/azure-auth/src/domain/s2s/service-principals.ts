import { createHash, X509Certificate } from 'node:crypto';
import { LabError } from '../../../../../shared/errors/lab-error.ts';
import { transaction, type Database } from '../../../../../shared/store/database.ts';

/**
 * Service principals as the S2S token service sees them (server-flows §1.8): the names
 * (SPNs) it may issue tokens for, and the `Verify` key credentials whose client
 * assertions it accepts. Key credentials are found by `x5t` (base64url SHA-1 of the DER),
 * the thumbprint a client assertion's header carries ([MS-XOAUTH] 3.2.5.2).
 */
export interface KeyCredential {
  readonly x5t: string;
  readonly usage: 'Verify';
  readonly certificatePem: string;
  readonly startAt: number;
  readonly endAt: number;
}

export interface ServicePrincipal {
  readonly appId: string;
  readonly displayName: string;
  readonly servicePrincipalNames: readonly string[];
  readonly keyCredentials: readonly KeyCredential[];
}

interface KeyRow {
  x5t: string;
  certificate: string;
  start_at: number;
  end_at: number;
}

const toCredential = (row: KeyRow): KeyCredential => ({ x5t: row.x5t, usage: 'Verify', certificatePem: row.certificate, startAt: Number(row.start_at), endAt: Number(row.end_at) });

/** The host an SPN names: the URL's host (`https://mail.contoso.test/`) or what follows `<appId>/`. */
export function hostOfServicePrincipalName(name: string): string | undefined {
  if (/^https?:\/\//i.test(name)) {
    try {
      return new URL(name).hostname.toLowerCase();
    } catch {
      return undefined;
    }
  }
  const host = /^[^/]+\/([^/:]+)/.exec(name)?.[1];
  return host?.toLowerCase();
}

export class ServicePrincipalStore {
  readonly #database: Database;

  constructor(database: Database) {
    this.#database = database;
  }

  /** Whether a principal with this application id exists (one indexed lookup). */
  exists(appId: string): boolean {
    return this.#database.prepare('SELECT 1 FROM service_principals WHERE app_id = ?').get(appId) !== undefined;
  }

  get(appId: string): ServicePrincipal | undefined {
    const row = this.#database.prepare('SELECT app_id, display_name FROM service_principals WHERE app_id = ?').get(appId) as { app_id: string; display_name: string } | undefined;
    if (!row) return undefined;
    const names = this.#database.prepare('SELECT name FROM service_principal_names WHERE app_id = ? ORDER BY rowid').all(appId) as { name: string }[];
    const keys = this.#database.prepare('SELECT x5t, certificate, start_at, end_at FROM key_credentials WHERE app_id = ? ORDER BY rowid').all(appId) as unknown as KeyRow[];
    return { appId: row.app_id, displayName: row.display_name, servicePrincipalNames: names.map((name) => name.name), keyCredentials: keys.map(toCredential) };
  }

  list(): ServicePrincipal[] {
    const rows = this.#database.prepare('SELECT app_id FROM service_principals ORDER BY app_id').all() as { app_id: string }[];
    return rows.map((row) => this.get(row.app_id)!);
  }

  keyCredential(appId: string, x5t: string): KeyCredential | undefined {
    const row = this.#database.prepare('SELECT x5t, certificate, start_at, end_at FROM key_credentials WHERE app_id = ? AND x5t = ?').get(appId, x5t) as KeyRow | undefined;
    return row ? toCredential(row) : undefined;
  }

  /** Whether `host` is named by one of the principal's SPNs (host names compare case-insensitively). */
  hasHost(appId: string, host: string): boolean {
    const names = this.#database.prepare('SELECT name FROM service_principal_names WHERE app_id = ?').all(appId) as { name: string }[];
    return names.some(({ name }) => hostOfServicePrincipalName(name) === host.toLowerCase());
  }

  /** Adds a `Verify` certificate (PEM); adding the same one again changes nothing (the hybrid wizard is idempotent). */
  addKeyCredential(appId: string, certificatePem: string, now: Date): KeyCredential {
    this.#require(appId);
    const certificate = new X509Certificate(certificatePem);
    if (certificate.publicKey.asymmetricKeyType !== 'rsa') throw new LabError({ code: 'KEY_CREDENTIAL_INVALID', statusCode: 400, message: 'the key credential must be an RSA certificate (client assertions are RS256)' });
    const x5t = createHash('sha1').update(certificate.raw).digest('base64url');
    this.#database
      .prepare("INSERT OR IGNORE INTO key_credentials (app_id, x5t, usage, certificate, start_at, end_at, added_at) VALUES (?, ?, 'Verify', ?, ?, ?, ?)")
      .run(appId, x5t, certificate.toString(), certificate.validFromDate.getTime(), certificate.validToDate.getTime(), now.getTime());
    return this.keyCredential(appId, x5t)!;
  }

  /** Adds SPNs; ones already present (in any case) are kept as they are. */
  addServicePrincipalNames(appId: string, names: readonly string[], now: Date): void {
    this.#require(appId);
    for (const name of names) {
      if (!hostOfServicePrincipalName(name)) throw new LabError({ code: 'SPN_INVALID', statusCode: 400, message: `"${name}" is not a servicePrincipalName naming a host (https://<host>/ or <appId>/<host>)` });
    }
    transaction(this.#database, () => {
      for (const name of names) this.#database.prepare('INSERT OR IGNORE INTO service_principal_names (app_id, name, added_at) VALUES (?, ?, ?)').run(appId, name, now.getTime());
    });
  }

  #require(appId: string): void {
    if (!this.#database.prepare('SELECT 1 FROM service_principals WHERE app_id = ?').get(appId)) {
      throw new LabError({ code: 'SERVICE_PRINCIPAL_NOT_FOUND', statusCode: 404, message: `no service principal with appId ${appId} in this tenant` });
    }
  }
}
