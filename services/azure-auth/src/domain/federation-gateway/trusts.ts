import { randomUUID, X509Certificate } from 'node:crypto';
import { thumbprintSha1, type FederationTrustRecord, type GatewayDirectory } from '../../../../../shared/dauth/index.ts';
import { LabError } from '../../../../../shared/errors/lab-error.ts';
import type { Database } from '../../../../../shared/store/database.ts';

/**
 * The federation gateway's registry (server-flows §2.1): one row per New-FederationTrust,
 * with the organization's ApplicationUri, federated domains and public certificate, and
 * the immutable id the gateway assigned each user it has issued a token for. Backs the
 * GatewayDirectory that shared/dauth's gateway reads.
 */
interface TrustRow {
  name: string;
  application_uri: string;
  domains: string;
  certificate_pem: string;
}

const toRecord = (row: TrustRow): FederationTrustRecord => ({ name: row.name, applicationUri: row.application_uri, domains: JSON.parse(row.domains) as string[], certificatePem: row.certificate_pem });

function invalid(message: string): LabError {
  return new LabError({ code: 'FEDERATION_TRUST_INVALID', statusCode: 400, message });
}

/** Only a public certificate that is valid now, with an RSA key (it encrypts and verifies). */
function checkCertificate(pem: string, now: Date): void {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch (error) {
    throw new LabError({ code: 'FEDERATION_TRUST_INVALID', statusCode: 400, message: 'certificate is not a PEM X.509 certificate', cause: error });
  }
  if (certificate.publicKey.asymmetricKeyType !== 'rsa') throw invalid('the federation certificate must carry an RSA key');
  if (now < new Date(certificate.validFrom) || now > new Date(certificate.validTo)) throw invalid(`the federation certificate is valid ${certificate.validFrom} to ${certificate.validTo}, not now`);
}

export class FederationGatewayStore implements GatewayDirectory {
  private readonly database: Database;

  constructor(database: Database) {
    this.database = database;
  }

  /** Registers (or replaces, by name) an organization's federation trust. */
  register(trust: FederationTrustRecord, now: Date): FederationTrustRecord {
    checkCertificate(trust.certificatePem, now);
    if (trust.domains.length === 0) throw invalid('a federation trust needs at least one domain');
    const clash = this.trustByApplicationUri(trust.applicationUri);
    if (clash && clash.name.toLowerCase() !== trust.name.toLowerCase()) throw new LabError({ code: 'FEDERATION_TRUST_CONFLICT', statusCode: 409, message: `the ApplicationUri ${trust.applicationUri} belongs to the trust ${clash.name}` });
    this.database
      .prepare(
        `INSERT INTO federation_gateway_trusts (name, application_uri, domains, certificate_pem, thumbprint_sha1, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET application_uri = excluded.application_uri, domains = excluded.domains, certificate_pem = excluded.certificate_pem, thumbprint_sha1 = excluded.thumbprint_sha1`,
      )
      .run(trust.name, trust.applicationUri, JSON.stringify(trust.domains.map((domain) => domain.toLowerCase())), trust.certificatePem, thumbprintSha1(trust.certificatePem), now.getTime());
    return this.trustByApplicationUri(trust.applicationUri)!;
  }

  list(): FederationTrustRecord[] {
    return (this.database.prepare('SELECT name, application_uri, domains, certificate_pem FROM federation_gateway_trusts ORDER BY name').all() as unknown as TrustRow[]).map(toRecord);
  }

  trustByThumbprint(thumbprint: string): FederationTrustRecord | undefined {
    const row = this.database.prepare('SELECT name, application_uri, domains, certificate_pem FROM federation_gateway_trusts WHERE thumbprint_sha1 = ?').get(thumbprint) as unknown as TrustRow | undefined;
    return row && toRecord(row);
  }

  trustByApplicationUri(applicationUri: string): FederationTrustRecord | undefined {
    const row = this.database.prepare('SELECT name, application_uri, domains, certificate_pem FROM federation_gateway_trusts WHERE application_uri = ?').get(applicationUri) as unknown as TrustRow | undefined;
    return row && toRecord(row);
  }

  immutableIdOf(smtpAddress: string): string {
    this.database.prepare('INSERT INTO federation_gateway_identities (smtp_address, immutable_id, created_at) VALUES (?, ?, ?) ON CONFLICT (smtp_address) DO NOTHING').run(smtpAddress, randomUUID(), Date.now());
    return (this.database.prepare('SELECT immutable_id FROM federation_gateway_identities WHERE smtp_address = ?').get(smtpAddress) as { immutable_id: string }).immutable_id;
  }
}
