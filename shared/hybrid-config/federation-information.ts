import type { Seed } from '../seed/seed.ts';

/**
 * What an Exchange organization's federation trust says about it (server-flows §2.1,
 * §2.2): its ApplicationUri, the domains it federates and the token issuers (the
 * federation gateway) it trusts. GetFederationInformation answers it; the hybrid
 * configuration (flow F9) will write it; until then each organization starts from the
 * defaults below, derived from the seed.
 */
export interface TokenIssuer {
  readonly uri: string;
  readonly endpoint: string;
}

export interface FederationInformation {
  readonly applicationUri: string;
  readonly domains: readonly string[];
  readonly tokenIssuers: readonly TokenIssuer[];
}

/**
 * The federation gateway as Exchange knows it: `urn:federation:MicrosoftOnline` with
 * the gateway's STS endpoint (`nexus.microsoftonline-p.com/extSTS.srf` in the lab's
 * `.test` names; docs/hybrid.md): the lab's DAuth gateway on nexus.
 */
export const federationGatewayIssuer: TokenIssuer = { uri: 'urn:federation:MicrosoftOnline', endpoint: 'https://nexus.microsoftonline-p.test/extSTS.srf' };

/**
 * On-premises: the OrgID `FYDIBOHF25SPDLT.<account namespace>` (server-flows §0, §2.1),
 * the account namespace being the forest's domain, and the forest's UPN suffixes as
 * federated domains.
 */
export function onpremFederationDefaults(seed: Seed): FederationInformation {
  const namespace = seed.activeDirectory.forest;
  const domains = [namespace, ...seed.activeDirectory.upnSuffixes.filter((suffix) => suffix.toLowerCase() !== namespace.toLowerCase())];
  return { applicationUri: `FYDIBOHF25SPDLT.${namespace}`, domains, tokenIssuers: [federationGatewayIssuer] };
}

/**
 * Exchange Online: ApplicationUri `outlook.com` in the real service (server-flows §0,
 * TargetApplicationUri), `outlook.test` in the lab's names; the tenant's domains and
 * its routing domain.
 */
export function onlineFederationDefaults(seed: Seed): FederationInformation {
  const domains = [...seed.tenant.domains.map((domain) => domain.name), seed.tenant.routingDomain];
  return { applicationUri: 'outlook.test', domains: [...new Set(domains)], tokenIssuers: [federationGatewayIssuer] };
}
