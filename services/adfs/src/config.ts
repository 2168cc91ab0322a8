/** A source of the current time; tests pass a frozen one so expiry is exact (style.md §9). */
export type Clock = () => Date;

/** Where the credentials are checked: the dc's LDAPS endpoint and the naming context users live in. */
export interface DirectoryTarget {
  /** The dc's name on corp: `dc.contoso.test` (docs/identity.md, dc). */
  readonly host: string;
  /** The naming context searched for the user: `DC=contoso,DC=test` (docs/identity.md, dc). */
  readonly baseDn: string;
  /** How long one LDAP operation may take before the dc counts as unreachable: 10 s, a lab choice. */
  readonly timeoutMs: number;
}

/**
 * AD FS's own settings (docs/federation.md, "AD FS"). Each default is the value the
 * page or client-flows §1 documents, named where it comes from.
 */
export interface AdfsConfig {
  /** The federation service name clients reach: `fs.contoso.test`. */
  readonly federationServiceName: string;
  /** The federation service identifier: the Issuer of every token and the metadata's entityID (http, as AD FS has it; client-flows §1.5). */
  readonly issuer: string;
  /** The first token-signing key pair, under the certificates directory: `signing/adfs-token-signing`. Later ones come from rollover and live in AD FS's database. */
  readonly tokenSigningCertificate: string;
  /** The CA that issues rolled-over token-signing certificates: `ca/lab-root` (design §4: one lab CA issues every certificate). */
  readonly certificateAuthority: string;
  /** Validity of a rolled-over token-signing certificate: 365 days, AD FS's CertificateDuration default. */
  readonly tokenSigningValidDays: number;
  /** How long a promoted-away certificate stays published as secondary unless `finish` drops it first: 5 days, a lab choice (AD FS keeps it until it expires). */
  readonly previousCertificateGraceSeconds: number;
  readonly directory: DirectoryTarget;
  /** Clock skew allowed on a request's wsu:Timestamp: 300 s, the Microsoft default (security.md). */
  readonly timestampSkewSeconds: number;
  /** Lifetime of the response's wsu:Timestamp header: 300 s, as AD FS sends it (client-flows §1.6). */
  readonly responseTimestampSeconds: number;
  readonly clock: Clock;
}

export const defaultAdfsConfig: AdfsConfig = {
  federationServiceName: 'fs.contoso.test',
  issuer: 'http://fs.contoso.test/adfs/services/trust',
  tokenSigningCertificate: 'signing/adfs-token-signing',
  certificateAuthority: 'ca/lab-root',
  tokenSigningValidDays: 365,
  previousCertificateGraceSeconds: 5 * 86_400,
  directory: { host: 'dc.contoso.test', baseDn: 'DC=contoso,DC=test', timeoutMs: 10_000 },
  timestampSkewSeconds: 300,
  responseTimestampSeconds: 300,
  clock: () => new Date(),
};
