import { createHash, X509Certificate } from 'node:crypto';
import type { AuthConfig, AuthServer, AvailabilityAddressSpace, FreeBusyAccessLevel, IntraOrganizationConnector, OrganizationRelationship, PartnerApplication } from '../../shared/hybrid-config/objects.ts';

/**
 * What `lab hybrid configure` wants each side to hold (flow F9; server-flows §0, §1.8,
 * §2.5; seed 003's wizard), as pure values so the wizard's idempotence is a comparison.
 * Names are the Hybrid Configuration Wizard's; URLs are server-flows §0 in `.test` names.
 */
export const exchangePrincipal = '00000002-0000-0ff1-ce00-000000000000';
export const onpremHosts = ['mail.contoso.test', 'autodiscover.contoso.test'] as const;
export const onlineApplicationUri = 'outlook.test';
export const onlineAutodiscover = 'https://autodiscover-s.outlook.test/autodiscover/autodiscover.svc';
export const onpremAutodiscover = 'https://autodiscover.contoso.test/autodiscover/autodiscover.svc';

/** Exchange's thumbprint form: SHA-1 of the DER, upper-case hex. */
export function hexThumbprint(certPem: string): string {
  return createHash('sha1').update(new X509Certificate(certPem).raw).digest('hex').toUpperCase();
}

/** The key credential's `customKeyIdentifier` (azure-auth's x5t): SHA-1 of the DER, base64url. */
export function x5tOf(certPem: string): string {
  return createHash('sha1').update(new X509Certificate(certPem).raw).digest('base64url');
}

export interface StsMetadataView {
  readonly issuer: string;
  readonly realm: string;
  readonly endpoints: readonly { readonly location: string; readonly protocol: string; readonly usage: string }[];
  readonly keys: readonly { readonly keyInfo: { readonly x5t: string } }[];
}

/** New-AuthServer WindowsAzureACS -AuthMetadataUrl <ACS metadata>, with what the metadata said. */
export function authServer(metadataUrl: string, metadata: StsMetadataView): AuthServer {
  const issuance = metadata.endpoints.find((endpoint) => endpoint.usage === 'issuance' && endpoint.protocol === 'OAuth2');
  if (!issuance) throw new Error(`the STS metadata at ${metadataUrl} names no OAuth2 issuance endpoint`);
  return {
    Name: 'WindowsAzureACS',
    AuthMetadataUrl: metadataUrl,
    Type: 'MicrosoftACS',
    Realm: metadata.realm,
    Enabled: true,
    CertificateStrings: metadata.keys.map((key) => key.keyInfo.x5t),
    TokenIssuingEndpoint: issuance.location,
    IssuerIdentifier: metadata.issuer,
  };
}

export function authConfig(authCertificatePem: string, tenantId: string): AuthConfig {
  return { Name: 'AuthConfig', CurrentCertificateThumbprint: hexThumbprint(authCertificatePem), ServiceName: exchangePrincipal, Realm: tenantId };
}

export const partnerApplication: PartnerApplication = { Name: 'Exchange Online', ApplicationIdentifier: exchangePrincipal, Realm: '', Enabled: true, UseAuthServer: true };

export function onpremConnector(enabled: boolean, routingDomain: string): IntraOrganizationConnector {
  return { Name: 'ExchangeHybridOnPremisesToOnline', DiscoveryEndpoint: onlineAutodiscover, TargetAddressDomains: [routingDomain], Enabled: enabled, TargetSharingEpr: null };
}

export function onlineConnector(enabled: boolean, onpremDomains: readonly string[]): IntraOrganizationConnector {
  return { Name: 'ExchangeHybridOnlineToOnPremises', DiscoveryEndpoint: onpremAutodiscover, TargetAddressDomains: [...onpremDomains], Enabled: enabled, TargetSharingEpr: null };
}

const relationshipDefaults = {
  Enabled: true,
  FreeBusyAccessEnabled: true,
  FreeBusyAccessLevel: 'LimitedDetails',
  FreeBusyAccessScope: null,
  MailTipsAccessEnabled: true,
  MailTipsAccessLevel: 'All',
  DeliveryReportEnabled: true,
  PhotosEnabled: false,
  MailboxMoveEnabled: false,
  MailboxMoveDirection: 'None',
  TargetSharingEpr: null,
} as const;

/** On-premises → cloud: the cloud's domains, its ApplicationUri and Autodiscover (server-flows §0). */
export function onpremRelationship(routingDomain: string): OrganizationRelationship {
  return {
    Name: 'On-premises to O365',
    DomainNames: [routingDomain],
    ...relationshipDefaults,
    TargetApplicationUri: onlineApplicationUri,
    TargetAutodiscoverEpr: `${onlineAutodiscover}/WSSecurity`,
    TargetOwaURL: 'https://outlook.office365.test/owa/',
  };
}

/** Cloud → on-premises: the on-premises domains and OrgID. */
export function onlineRelationship(onpremDomains: readonly string[], onpremApplicationUri: string): OrganizationRelationship {
  return {
    Name: 'O365 to On-premises',
    DomainNames: [...onpremDomains],
    ...relationshipDefaults,
    TargetApplicationUri: onpremApplicationUri,
    TargetAutodiscoverEpr: `${onpremAutodiscover}/WSSecurity`,
    TargetOwaURL: 'https://mail.contoso.test/owa/',
  };
}

export interface RelationshipChange {
  readonly enabled?: boolean;
  readonly level?: FreeBusyAccessLevel;
}

/** Set-OrganizationRelationship -Enabled / -FreeBusyAccessLevel: only the fields asked for change. */
export function changedRelationship(current: OrganizationRelationship, change: RelationshipChange): OrganizationRelationship {
  return { ...current, ...(change.enabled === undefined ? {} : { Enabled: change.enabled }), ...(change.level === undefined ? {} : { FreeBusyAccessLevel: change.level }) };
}

export interface AddressSpaceRequest {
  readonly forest: string;
  readonly accessMethod: AvailabilityAddressSpace['AccessMethod'];
  /** -Credentials: the account the availability service signs in to the other forest as (Basic); without them, its own service account. */
  readonly credentials: { readonly user: string; readonly password: string } | undefined;
  readonly autodiscover: string | undefined;
}

/**
 * Add-AvailabilityAddressSpace (server-flows §1.9): with -Credentials, UseServiceAccount is
 * false and the user name (and, in the lab, the password) are kept; without them it uses
 * the local service account. No TargetAutodiscoverEpr means the address space's forest is
 * found by Autodiscover.
 */
export function addressSpace(request: AddressSpaceRequest): AvailabilityAddressSpace {
  return {
    ForestName: request.forest,
    AccessMethod: request.accessMethod,
    UseServiceAccount: request.credentials === undefined,
    TargetAutodiscoverEpr: request.autodiscover ?? null,
    UserName: request.credentials?.user ?? null,
    ...(request.credentials ? { Password: request.credentials.password } : {}),
  };
}
