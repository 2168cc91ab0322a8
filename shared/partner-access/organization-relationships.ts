import type { OrganizationRelationshipView } from '../dauth/authorize.ts';
import { onlineFederationDefaults, onpremFederationDefaults } from '../hybrid-config/federation-information.ts';
import type { HybridConfigStore } from '../hybrid-config/store.ts';
import type { Seed } from '../seed/seed.ts';

/**
 * Where a receiving Exchange reads its OrganizationRelationships (Get-OrganizationRelationship,
 * server-flows §2.5–2.6). The hybrid configuration (flow F9) supplies the configured
 * objects (configuredRelationships below); until it has run, each side has one relationship for the other side's federated
 * domains, free/busy enabled at AvailabilityOnly, as the Hybrid Configuration Wizard
 * creates them by default.
 */
export type OrganizationRelationshipProvider = () => readonly OrganizationRelationshipView[];

/** exchange-onprem: "On-premises to O365" for the cloud's domains (tenant domains and the routing domain). */
export function defaultOnpremRelationships(seed: Seed): OrganizationRelationshipProvider {
  const relationships: OrganizationRelationshipView[] = [
    { name: 'On-premises to O365', domainNames: onlineFederationDefaults(seed).domains.filter((domain) => !onpremFederationDefaults(seed).domains.some((own) => own.toLowerCase() === domain.toLowerCase())), enabled: true, freeBusyAccessEnabled: true, freeBusyAccessLevel: 'AvailabilityOnly' },
  ];
  return () => relationships;
}

/** exchange-online: "O365 to On-premises" for the on-premises forest's federated domains. */
export function defaultOnlineRelationships(seed: Seed): OrganizationRelationshipProvider {
  const relationships: OrganizationRelationshipView[] = [
    { name: 'O365 to On-premises', domainNames: onpremFederationDefaults(seed).domains, enabled: true, freeBusyAccessEnabled: true, freeBusyAccessLevel: 'AvailabilityOnly' },
  ];
  return () => relationships;
}

/**
 * The OrganizationRelationships configured by `lab hybrid configure` (flow F9,
 * shared/hybrid-config), read at each request so a change applies at once; until any
 * exists, `fallback` (the wizard's defaults above).
 */
export function configuredRelationships(store: Pick<HybridConfigStore, 'organizationRelationships'>, fallback: OrganizationRelationshipProvider): OrganizationRelationshipProvider {
  return () => {
    const configured = store.organizationRelationships();
    if (configured.length === 0) return fallback();
    return configured.map((relationship) => ({
      name: relationship.Name,
      domainNames: relationship.DomainNames,
      enabled: relationship.Enabled,
      freeBusyAccessEnabled: relationship.FreeBusyAccessEnabled,
      freeBusyAccessLevel: relationship.FreeBusyAccessLevel,
    }));
  };
}
