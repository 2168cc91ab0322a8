import { dauthError } from './errors.ts';

/**
 * Domain-based authorization (server-flows §2.5–2.6; seed 003 step 8): the receiver takes
 * the requesting user's domain from the token and looks it up in its
 * OrganizationRelationships; the requesting user's identity plays no further part.
 */
export type FreeBusyAccessLevel = 'None' | 'AvailabilityOnly' | 'LimitedDetails';

/** The fields of an OrganizationRelationship this check reads (Get-OrganizationRelationship). */
export interface OrganizationRelationshipView {
  readonly name?: string;
  readonly domainNames: readonly string[];
  readonly enabled: boolean;
  readonly freeBusyAccessEnabled: boolean;
  readonly freeBusyAccessLevel: FreeBusyAccessLevel;
}

export interface FreeBusyGrant {
  readonly domain: string;
  readonly freeBusyAccessLevel: FreeBusyAccessLevel;
  readonly relationship: OrganizationRelationshipView;
}

/**
 * An enabled relationship must name `domain`, else the token is refused. A relationship
 * that does not enable free/busy, or enables it at None, grants None: the request is
 * answered, and each mailbox gets ErrorNoFreeBusyAccess (server-flows §2.5's mapping),
 * as Exchange answers a partner it shares nothing with.
 */
export function authorizeFreeBusy(domain: string, relationships: readonly OrganizationRelationshipView[]): FreeBusyGrant {
  const relationship = relationships.find((candidate) => candidate.enabled && candidate.domainNames.some((name) => name.toLowerCase() === domain.toLowerCase()));
  if (!relationship) throw dauthError('DAUTH_NO_ORGANIZATION_RELATIONSHIP', `no enabled OrganizationRelationship lists the requester's domain ${domain} in DomainNames`);
  const freeBusyAccessLevel = relationship.freeBusyAccessEnabled ? relationship.freeBusyAccessLevel : 'None';
  return { domain: domain.toLowerCase(), freeBusyAccessLevel, relationship };
}
