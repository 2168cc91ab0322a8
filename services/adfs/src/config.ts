import type { DirectoryTarget } from '../../../shared/ldap/directory-logon.ts';
import type { Environment } from '../../../shared/config/service-config.ts';
import type { NtlmServerNames } from '../../../shared/ntlm/server/challenge.ts';
import { defaultExtranetLockoutSettings, loadExtranetLockoutSettings, type ExtranetLockoutSettings } from './domain/extranet-lockout/settings.ts';
import { defaultWiaSupportedUserAgents, readWiaUserAgents } from './domain/windows/wia-user-agents.ts';

/** A source of the current time; tests pass a frozen one so expiry is exact (style.md §9). */
export type Clock = () => Date;

/** Where the credentials are checked: the dc's LDAPS endpoint and the naming context users live in (shared with Exchange on-premises). */
export type { DirectoryTarget } from '../../../shared/ldap/directory-logon.ts';
/**
 * Windows integrated authentication on `/adfs/ls/` (docs/federation.md, F5): how AD FS
 * names itself in the NTLM CHALLENGE_MESSAGE ([MS-NLMP] §2.2.1.2) and which browsers it
 * asks for it. The names are the domain's (seed: CONTOSO, contoso.test) and the AD FS
 * server's own (`adfs.corp.contoso.test`, design §1).
 */
export interface WindowsAuthenticationConfig extends NtlmServerNames {
  /** The SPN browsers name in MsvAvTargetName: `HTTP/` + the federation service name. */
  readonly servicePrincipalName: string;
  /**
   * How long a CHALLENGE_MESSAGE may wait for its AUTHENTICATE_MESSAGE: 60 s, a lab
   * choice (Windows ties it to the connection; a browser answers within a second).
   */
  readonly challengeLifetimeSeconds: number;
  /** WIASupportedUserAgents (LAB_ADFS_WIA_USER_AGENTS); see domain/windows/wia-user-agents.ts. */
  readonly supportedUserAgents: readonly string[];
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
  /** Extranet smart lockout (LAB_ADFS_EXTRANET_LOCKOUT*; domain/extranet-lockout/settings.ts names each default). */
  readonly extranetLockout: ExtranetLockoutSettings;
  readonly windows: WindowsAuthenticationConfig;
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
  extranetLockout: defaultExtranetLockoutSettings,
  windows: {
    netbiosDomainName: 'CONTOSO',
    dnsDomainName: 'contoso.test',
    netbiosComputerName: 'ADFS',
    dnsComputerName: 'adfs.corp.contoso.test',
    servicePrincipalName: 'HTTP/fs.contoso.test',
    challengeLifetimeSeconds: 60,
    supportedUserAgents: defaultWiaSupportedUserAgents,
  },
  clock: () => new Date(),
};

/** The settings AD FS reads from the environment at start-up (README, Settings); the rest keep their defaults. A malformed one names itself. */
export function loadAdfsConfig(env: Environment): Partial<AdfsConfig> {
  return { extranetLockout: loadExtranetLockoutSettings(env), windows: { ...defaultAdfsConfig.windows, supportedUserAgents: readWiaUserAgents(env) } };
}
