/**
 * What the gateway knows of an Exchange organization after New-FederationTrust and
 * Set-FederatedOrganizationIdentifier (server-flows §2.1): its ApplicationUri (the OrgID,
 * e.g. `FYDIBOHF25SPDLT.contoso.test`), the domains it federated, and the public
 * certificate it registered. The same record serves both directions: it verifies the
 * organization's requests and encrypts the tokens addressed to it.
 */
export interface FederationTrustRecord {
  readonly name: string;
  readonly applicationUri: string;
  readonly domains: readonly string[];
  readonly certificatePem: string;
}

/** How the gateway looks trusts and users up; azure-auth backs it with its database. */
export interface GatewayDirectory {
  /** The trust whose registered certificate has this base64 SHA-1 thumbprint. */
  trustByThumbprint(thumbprint: string): FederationTrustRecord | undefined;
  trustByApplicationUri(applicationUri: string): FederationTrustRecord | undefined;
  /** A stable id for the user, the same on every token (created on first use). */
  immutableIdOf(smtpAddress: string): string;
}

/** The domain part of an SMTP address, lower-case. */
export function domainOf(smtpAddress: string): string {
  return smtpAddress.slice(smtpAddress.lastIndexOf('@') + 1).toLowerCase();
}

export function ownsDomain(trust: FederationTrustRecord, domain: string): boolean {
  return trust.domains.some((owned) => owned.toLowerCase() === domain.toLowerCase());
}
