import { LabError } from '../errors/lab-error.ts';

/**
 * The hybrid configuration objects an Exchange organization holds (flow F9; server-flows
 * §1.8, §1.9, §2.1, §2.5), named and shaped as their Get- cmdlets print them. They are
 * plain JSON so the management endpoints, the store and `lab hybrid show` share them.
 */

/** New-AuthServer (server-flows §1.8), plus what was learned from its metadata (seed 003). */
export interface AuthServer {
  readonly Name: string;
  readonly AuthMetadataUrl: string;
  readonly Type: 'AzureAD' | 'MicrosoftACS' | 'ADFS';
  readonly Realm: string;
  readonly Enabled: boolean;
  /** The STS signing certificates' thumbprints (x5t) read from the metadata. */
  readonly CertificateStrings: readonly string[];
  /** The metadata's issuance endpoint. */
  readonly TokenIssuingEndpoint: string;
  /** The issuer the metadata names (`00000001-…@<realm>`). */
  readonly IssuerIdentifier: string;
}

/** Set-AuthConfig (server-flows §1.8). */
export interface AuthConfig {
  readonly Name: string;
  readonly CurrentCertificateThumbprint: string;
  readonly ServiceName: string;
  readonly Realm: string;
}

/** New-PartnerApplication (server-flows §1.8). */
export interface PartnerApplication {
  readonly Name: string;
  readonly ApplicationIdentifier: string;
  readonly Realm: string;
  readonly Enabled: boolean;
  readonly UseAuthServer: boolean;
}

/** New-IntraOrganizationConnector (server-flows §1.8): which domains take the OAuth path (§1.9). */
export interface IntraOrganizationConnector {
  readonly Name: string;
  readonly DiscoveryEndpoint: string;
  readonly TargetAddressDomains: readonly string[];
  readonly Enabled: boolean;
  readonly TargetSharingEpr: string | null;
}

export const freeBusyAccessLevels = ['None', 'AvailabilityOnly', 'LimitedDetails'] as const;
export type FreeBusyAccessLevel = (typeof freeBusyAccessLevels)[number];
export const mailTipsAccessLevels = ['None', 'Limited', 'All'] as const;

/** New-OrganizationRelationship (server-flows §2.5): every field of its table. */
export interface OrganizationRelationship {
  readonly Name: string;
  readonly DomainNames: readonly string[];
  readonly Enabled: boolean;
  readonly FreeBusyAccessEnabled: boolean;
  readonly FreeBusyAccessLevel: FreeBusyAccessLevel;
  readonly FreeBusyAccessScope: string | null;
  readonly MailTipsAccessEnabled: boolean;
  readonly MailTipsAccessLevel: (typeof mailTipsAccessLevels)[number];
  readonly DeliveryReportEnabled: boolean;
  readonly PhotosEnabled: boolean;
  readonly MailboxMoveEnabled: boolean;
  readonly MailboxMoveDirection: 'None' | 'Inbound' | 'Outbound' | 'RemoteInbound' | 'RemoteOutbound';
  readonly TargetApplicationUri: string;
  readonly TargetAutodiscoverEpr: string;
  readonly TargetSharingEpr: string | null;
  readonly TargetOwaURL: string | null;
}

export const availabilityAccessMethods = ['PerUserFB', 'OrgWideFB', 'OrgWideFBToken', 'InternalProxy', 'PublicFolder'] as const;

/**
 * Add-AvailabilityAddressSpace (server-flows §1.9): the cross-forest fallback. The store
 * keeps the credentials' user name only; a password (OrgWideFB with a service account)
 * is kept only when given, because the lab's availability client needs it to call the
 * other forest, and `show` never prints it.
 */
export interface AvailabilityAddressSpace {
  readonly ForestName: string;
  readonly AccessMethod: (typeof availabilityAccessMethods)[number];
  readonly UseServiceAccount: boolean;
  readonly TargetAutodiscoverEpr: string | null;
  readonly UserName: string | null;
  readonly Password?: string;
}

/** New-FederationTrust (server-flows §2.1): this organization's trust with the gateway. */
export interface FederationTrust {
  readonly Name: string;
  readonly ApplicationUri: string;
  /** SHA-1 thumbprint (hex, upper case) of the organization's federation certificate. */
  readonly OrgCertificateThumbprint: string;
  /** The gateway's public certificate (PEM) the trust returned. */
  readonly TokenIssuerCertificate: string;
  readonly TokenIssuerUri: string;
  readonly TokenIssuerEndpoint: string;
  readonly TokenIssuerMetadataEpr: string;
}

export interface HybridObjects {
  AuthServer: AuthServer;
  AuthConfig: AuthConfig;
  PartnerApplication: PartnerApplication;
  IntraOrganizationConnector: IntraOrganizationConnector;
  OrganizationRelationship: OrganizationRelationship;
  AvailabilityAddressSpace: AvailabilityAddressSpace;
  FederationTrust: FederationTrust;
}

export type HybridObjectKind = keyof HybridObjects;
export const hybridObjectKinds: readonly HybridObjectKind[] = ['AuthServer', 'AuthConfig', 'PartnerApplication', 'IntraOrganizationConnector', 'OrganizationRelationship', 'AvailabilityAddressSpace', 'FederationTrust'];

export function isHybridObjectKind(value: string): value is HybridObjectKind {
  return (hybridObjectKinds as readonly string[]).includes(value);
}

/** The identity of an object: its Name, or ForestName for an availability address space. */
export function identityOf(kind: HybridObjectKind, object: HybridObjects[HybridObjectKind]): string {
  const identity = kind === 'AvailabilityAddressSpace' ? (object as AvailabilityAddressSpace).ForestName : (object as { Name: string }).Name;
  if (typeof identity !== 'string' || identity === '') throw new LabError({ code: 'HYBRID_OBJECT_INVALID', statusCode: 400, message: `a ${kind} needs a ${kind === 'AvailabilityAddressSpace' ? 'ForestName' : 'Name'}` });
  return identity;
}
