import { randomUUID } from 'node:crypto';
import { issueCertificate, type KeyPair } from '../../pki/index.ts';
import { createReplayCache } from '../../saml/replay-cache.ts';
import type { OrganizationRelationshipView } from '../authorize.ts';
import { thumbprintSha1 } from '../request-signature.ts';
import type { FederationTrustRecord, GatewayDirectory } from '../federation-trust.ts';
import { buildDelegationTokenRequest, type BuildDelegationTokenRequestOptions } from '../request.ts';
import { offers } from '../namespaces.ts';
import type { ValidateDelegationTokenOptions } from '../validate.ts';

/** Generated keys (never pasted) for the gateway, both organizations and an outsider; one frozen clock. */
const federation = (commonName: string): KeyPair => issueCertificate({ commonName, usage: 'signing', validDays: 30 });
export const keys = {
  gateway: federation('nexus.microsoftonline-p.test'),
  onPrem: federation('Federation - contoso.test'),
  cloud: federation('Federation - contoso.onmicrosoft.test'),
  stranger: federation('Federation - fabrikam.test'),
};
export const now = new Date('2026-05-04T09:00:00.000Z');
export const endpoint = 'https://nexus.microsoftonline-p.test/extSTS.srf';
export const onPremUri = 'FYDIBOHF25SPDLT.contoso.test';
export const cloudUri = 'FYDIBOHF25SPDLT.contoso.onmicrosoft.test';

export const trusts: Record<'onPrem' | 'cloud', FederationTrustRecord> = {
  onPrem: { name: 'contoso on-premises', applicationUri: onPremUri, domains: ['contoso.test'], certificatePem: keys.onPrem.certPem },
  cloud: { name: 'contoso Exchange Online', applicationUri: cloudUri, domains: ['contoso.onmicrosoft.test', 'mail.onmicrosoft.test'], certificatePem: keys.cloud.certPem },
};

export function directory(registered: readonly FederationTrustRecord[] = Object.values(trusts)): GatewayDirectory {
  const ids = new Map<string, string>();
  return {
    trustByThumbprint: (thumbprint) => registered.find((trust) => thumbprintSha1(trust.certificatePem) === thumbprint),
    trustByApplicationUri: (uri) => registered.find((trust) => trust.applicationUri === uri),
    immutableIdOf: (smtp) => ids.get(smtp.toLowerCase()) ?? (ids.set(smtp.toLowerCase(), randomUUID()), ids.get(smtp.toLowerCase())!),
  };
}

/** mary@contoso.test asks, from on-premises, for a free/busy token to the cloud. */
export function request(overrides: Partial<BuildDelegationTokenRequestOptions> = {}): Promise<string> {
  return buildDelegationTokenRequest({
    gatewayEndpoint: endpoint,
    gatewayCertificate: keys.gateway.certPem,
    organization: keys.onPrem,
    appliesTo: cloudUri,
    requesterSmtp: 'mary@contoso.test',
    offer: offers.freeBusy,
    now,
    ...overrides,
  });
}

export const cloudRelationships: OrganizationRelationshipView[] = [
  { name: 'On-premises to O365', domainNames: ['contoso.test'], enabled: true, freeBusyAccessEnabled: true, freeBusyAccessLevel: 'LimitedDetails' },
];

/** The cloud's validator settings, with a fresh replay cache on the frozen clock. */
export function cloudValidator(overrides: Partial<ValidateDelegationTokenOptions> = {}): ValidateDelegationTokenOptions {
  return {
    decryptionKeyPem: keys.cloud.keyPem,
    gatewayCertificates: [keys.gateway.certPem],
    ownApplicationUri: cloudUri,
    organizationRelationships: cloudRelationships,
    replayCache: createReplayCache({ now: () => now }),
    now,
    ...overrides,
  };
}
