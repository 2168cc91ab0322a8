import type { HybridConfigStore } from '../hybrid-config/store.ts';
import type { LabHttpClient } from '../http/client.ts';
import { loadKeyPair } from '../pki/index.ts';
import { createReplayCache } from '../saml/replay-cache.ts';
import type { DauthReceiver } from './dauth-receiver.ts';
import { configuredRelationships, type OrganizationRelationshipProvider } from './organization-relationships.ts';
import { createTrustedIssuerCache, defaultReceiverTrust, labMetadataFetcher, type MetadataFetcher, type ReceiverTrustProvider } from './receiver-trust.ts';
import type { S2SReceiver } from './s2s-receiver.ts';

/** How an Exchange receives partner requests: S2S OAuth on EWS and Autodiscover, DAuth on their WSSecurity variants. */
export interface PartnerReceivers {
  readonly s2s: S2SReceiver;
  readonly dauth: DauthReceiver;
}

/** What a service may override (tests do); each default is named where it is used. */
export interface PartnerReceiverOptions {
  /** Which STS S2S tokens are trusted from; default azure-auth's ACS metadata for the seed tenant. */
  readonly receiverTrust?: ReceiverTrustProvider;
  /** How the STS metadata is fetched; default the lab HTTP client from this service's vantage. */
  readonly stsMetadata?: MetadataFetcher;
  /** The OrganizationRelationships DAuth is authorized against; default the configured ones, else the wizard's default. */
  readonly organizationRelationships?: OrganizationRelationshipProvider;
}

export interface PartnerReceiverSetup {
  readonly certsDir: string;
  readonly http: LabHttpClient;
  readonly hybrid: HybridConfigStore;
  readonly tenantId: string;
  /** This server's host names: the valid S2S audience hosts. The first names the hop. */
  readonly hostnames: readonly string[];
  /** This organization's federation certificate in the lab PKI, whose key decrypts delegation tokens. */
  readonly federationCertificate: string;
  /** The OrganizationRelationships used until `lab hybrid configure` writes some. */
  readonly defaultRelationships: OrganizationRelationshipProvider;
  readonly now: () => Date;
}

/** Both receivers of one Exchange organization, the same way on-premises and online. */
export function createPartnerReceivers(setup: PartnerReceiverSetup, options: PartnerReceiverOptions = {}): PartnerReceivers {
  const { certsDir, http, hybrid, now } = setup;
  const trust = options.receiverTrust ?? (() => defaultReceiverTrust(setup.tenantId));
  return {
    s2s: {
      trust,
      issuers: createTrustedIssuerCache({ trust, fetch: options.stsMetadata ?? labMetadataFetcher(http), now }),
      hostnames: setup.hostnames,
      now,
      hop: `partner → ${setup.hostnames[0]} (S2S OAuth)`,
    },
    dauth: {
      decryptionKeyPem: loadKeyPair(certsDir, setup.federationCertificate).keyPem,
      gatewayCertificates: [loadKeyPair(certsDir, 'signing/federation-gateway').certPem],
      federation: () => hybrid.federation(),
      organizationRelationships: options.organizationRelationships ?? configuredRelationships(hybrid, setup.defaultRelationships),
      replayCache: createReplayCache({ now }),
      now,
    },
  };
}
