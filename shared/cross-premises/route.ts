import type { AvailabilityAddressSpace, IntraOrganizationConnector, OrganizationRelationship } from '../hybrid-config/objects.ts';
import type { HybridConfigStore } from '../hybrid-config/store.ts';

/**
 * Which way a free/busy request for a domain travels (server-flows §1.9, seed 003's last
 * section): an enabled IntraOrganizationConnector listing the domain → OAuth; else an
 * enabled OrganizationRelationship listing it → DAuth; else an AvailabilityAddressSpace
 * for it → the legacy cross-forest path; else nothing, and the mailbox gets
 * ErrorAvailabilityConfigNotFound. Domains compare case-insensitively.
 */
export type Route =
  | { readonly kind: 'oauth'; readonly connector: IntraOrganizationConnector; readonly why: string }
  | { readonly kind: 'dauth'; readonly relationship: OrganizationRelationship; readonly why: string }
  | { readonly kind: 'legacy'; readonly space: AvailabilityAddressSpace; readonly why: string }
  | { readonly kind: 'none'; readonly why: string };

const lists = (names: readonly string[], domain: string): boolean => names.some((name) => name.toLowerCase() === domain);

export function chooseRoute(hybrid: Pick<HybridConfigStore, 'intraOrganizationConnectors' | 'organizationRelationships' | 'list'>, domainName: string): Route {
  const domain = domainName.toLowerCase();
  const connector = hybrid.intraOrganizationConnectors().find((candidate) => candidate.Enabled && lists(candidate.TargetAddressDomains, domain));
  if (connector) return { kind: 'oauth', connector, why: `IntraOrganizationConnector ${connector.Name} is enabled and lists ${domain} → OAuth` };
  const disabled = hybrid.intraOrganizationConnectors().find((candidate) => lists(candidate.TargetAddressDomains, domain));
  const noConnector = disabled ? `IntraOrganizationConnector ${disabled.Name} lists ${domain} but is disabled` : `no IntraOrganizationConnector lists ${domain}`;
  const relationship = hybrid.organizationRelationships().find((candidate) => candidate.Enabled && lists(candidate.DomainNames, domain));
  if (relationship) return { kind: 'dauth', relationship, why: `${noConnector}; OrganizationRelationship "${relationship.Name}" lists it → DAuth` };
  const space = hybrid.list('AvailabilityAddressSpace').find((candidate) => candidate.ForestName.toLowerCase() === domain);
  if (space) return { kind: 'legacy', space, why: `${noConnector}, nor any enabled OrganizationRelationship; AvailabilityAddressSpace ${space.ForestName} (${space.AccessMethod}${space.UserName ? `, service account ${space.UserName}` : ''}) → cross-forest` };
  return { kind: 'none', why: `${noConnector}, nor any enabled OrganizationRelationship, nor an AvailabilityAddressSpace: there is no configured path to ${domain}` };
}
