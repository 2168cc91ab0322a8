import { X509Certificate } from 'node:crypto';
import { LabError } from '../../../../../shared/errors/lab-error.ts';
import type { Database } from '../../../../../shared/store/database.ts';

/**
 * A federated domain's settings, as Set-MsolDomainFederationSettings keeps them
 * (client-flows §2.5). Certificates are base64 DER, like the cmdlets show them.
 */
export interface FederationSettings {
  readonly IssuerUri: string;
  readonly PassiveLogOnUri: string;
  readonly ActiveLogOnUri: string;
  readonly MetadataExchangeUri: string;
  readonly LogOffUri: string;
  readonly SigningCertificate: string;
  readonly NextSigningCertificate: string | null;
  readonly PreferredAuthenticationProtocol: 'WsFed' | 'Samlp';
  readonly PromptLoginBehavior: 'TranslateToFreshPasswordAuth' | 'NativeSupport' | 'Disabled';
  readonly FederationBrandName: string;
  /** The outcome of the last metadata refresh (metadata-refresh.ts); absent until the first. */
  readonly SigningCertificateUpdateStatus?: SigningCertificateUpdateStatus;
}

/**
 * Microsoft Graph's signingCertificateUpdateStatus: `certificateUpdateResult` takes Graph's
 * values (success, noNewCertificateFound, couldNotAccessRemoteHost, xmlParsingError,
 * noValidExistingCertFound, notFound, providerError, …); `detail` is the lab's sentence.
 */
export interface SigningCertificateUpdateStatus {
  readonly certificateUpdateResult: string;
  readonly lastRunDateTime: string;
  readonly detail: string;
}

const httpsFields = ['PassiveLogOnUri', 'ActiveLogOnUri', 'MetadataExchangeUri', 'LogOffUri'] as const;

function invalid(message: string): LabError {
  return new LabError({ code: 'FEDERATION_SETTINGS_INVALID', statusCode: 400, message });
}

function checkCertificate(field: string, value: string): void {
  try {
    new X509Certificate(Buffer.from(value, 'base64'));
  } catch {
    throw invalid(`${field} is not a base64 DER X.509 certificate`);
  }
}

/** Refuses settings a relying party could not use safely: non-https endpoints, unreadable certificates. */
export function validateFederationSettings(settings: FederationSettings): FederationSettings {
  if (!/^\S+$/.test(settings.IssuerUri)) throw invalid('IssuerUri is empty or has spaces');
  for (const field of httpsFields) {
    if (!/^https:\/\/[^\s/]+\/\S*$/.test(settings[field])) throw invalid(`${field} must be an https URL, not "${settings[field]}"`);
  }
  checkCertificate('SigningCertificate', settings.SigningCertificate);
  if (settings.NextSigningCertificate) checkCertificate('NextSigningCertificate', settings.NextSigningCertificate);
  return settings;
}

/** PEM of a base64 DER certificate, for verifiers that take PEM. */
export function certificatePem(base64Der: string): string {
  return new X509Certificate(Buffer.from(base64Der, 'base64')).toString();
}

export class FederationStore {
  readonly #database: Database;

  constructor(database: Database) {
    this.#database = database;
  }

  get(domain: string): FederationSettings | undefined {
    const row = this.#database.prepare('SELECT settings FROM domain_federation WHERE domain = ?').get(domain) as { settings: string } | undefined;
    return row ? (JSON.parse(row.settings) as FederationSettings) : undefined;
  }

  /** Stores a domain's settings and marks the domain Federated. */
  set(domain: string, settings: FederationSettings, now: Date): void {
    validateFederationSettings(settings);
    this.#database.prepare('UPDATE domains SET authentication = ? WHERE name = ?').run('Federated', domain);
    this.#database
      .prepare('INSERT INTO domain_federation (domain, settings, updated_at) VALUES (?, ?, ?) ON CONFLICT(domain) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at')
      .run(domain, JSON.stringify(settings), now.getTime());
  }
}
