import { availabilityAccessMethods, freeBusyAccessLevels, mailTipsAccessLevels, type HybridObjectKind } from './objects.ts';

/**
 * JSON Schemas of the hybrid objects (objects.ts) for the management endpoints: every
 * field required, nothing else accepted, so a typo is a 400 instead of a silent default.
 */
const text = { type: 'string', minLength: 1, maxLength: 512 } as const;
const optionalText = { type: ['string', 'null'], minLength: 1, maxLength: 512 } as const;
const url = { type: 'string', pattern: '^https://[^\\s/]+(/\\S*)?$', maxLength: 512 } as const;
const optionalUrl = { type: ['string', 'null'], pattern: '^https://[^\\s/]+(/\\S*)?$', maxLength: 512 } as const;
const domains = { type: 'array', minItems: 1, maxItems: 64, items: { type: 'string', pattern: '^[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$', maxLength: 253 } } as const;
const thumbprint = { type: 'string', pattern: '^[0-9A-F]{40}$' } as const;

function object(properties: Record<string, unknown>, optional: readonly string[] = []): object {
  return { type: 'object', additionalProperties: false, required: Object.keys(properties).filter((name) => !optional.includes(name)), properties };
}

export const hybridObjectSchemas: Readonly<Record<HybridObjectKind, object>> = {
  AuthServer: object({
    Name: text,
    AuthMetadataUrl: url,
    Type: { enum: ['AzureAD', 'MicrosoftACS', 'ADFS'] },
    Realm: text,
    Enabled: { type: 'boolean' },
    CertificateStrings: { type: 'array', minItems: 1, maxItems: 8, items: { type: 'string', minLength: 20, maxLength: 64 } },
    TokenIssuingEndpoint: url,
    IssuerIdentifier: text,
  }),
  AuthConfig: object({ Name: text, CurrentCertificateThumbprint: thumbprint, ServiceName: text, Realm: text }),
  PartnerApplication: object({ Name: text, ApplicationIdentifier: text, Realm: { type: 'string', maxLength: 512 }, Enabled: { type: 'boolean' }, UseAuthServer: { type: 'boolean' } }),
  IntraOrganizationConnector: object({ Name: text, DiscoveryEndpoint: url, TargetAddressDomains: domains, Enabled: { type: 'boolean' }, TargetSharingEpr: optionalUrl }),
  OrganizationRelationship: object({
    Name: text,
    DomainNames: domains,
    Enabled: { type: 'boolean' },
    FreeBusyAccessEnabled: { type: 'boolean' },
    FreeBusyAccessLevel: { enum: freeBusyAccessLevels },
    FreeBusyAccessScope: optionalText,
    MailTipsAccessEnabled: { type: 'boolean' },
    MailTipsAccessLevel: { enum: mailTipsAccessLevels },
    DeliveryReportEnabled: { type: 'boolean' },
    PhotosEnabled: { type: 'boolean' },
    MailboxMoveEnabled: { type: 'boolean' },
    MailboxMoveDirection: { enum: ['None', 'Inbound', 'Outbound', 'RemoteInbound', 'RemoteOutbound'] },
    TargetApplicationUri: text,
    TargetAutodiscoverEpr: url,
    TargetSharingEpr: optionalUrl,
    TargetOwaURL: optionalUrl,
  }),
  AvailabilityAddressSpace: object(
    {
      ForestName: { type: 'string', pattern: '^[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$', maxLength: 253 },
      AccessMethod: { enum: availabilityAccessMethods },
      UseServiceAccount: { type: 'boolean' },
      TargetAutodiscoverEpr: optionalUrl,
      UserName: optionalText,
      Password: { type: 'string', minLength: 1, maxLength: 256 },
    },
    ['Password'],
  ),
  FederationTrust: object({
    Name: text,
    ApplicationUri: text,
    OrgCertificateThumbprint: thumbprint,
    TokenIssuerCertificate: { type: 'string', minLength: 100, maxLength: 16384 },
    TokenIssuerUri: text,
    TokenIssuerEndpoint: url,
    TokenIssuerMetadataEpr: url,
  }),
};

export const federationInformationSchema = object({
  applicationUri: text,
  domains,
  tokenIssuers: { type: 'array', minItems: 1, maxItems: 4, items: object({ uri: text, endpoint: url }) },
});
