import type { OrganizationRelationship } from '../objects.ts';

/** An OrganizationRelationship as the cloud's side of the lab keeps one, with `overrides` for what a test varies. */
export function organizationRelationship(overrides: Partial<OrganizationRelationship> = {}): OrganizationRelationship {
  return {
    Name: 'O365 to On-premises',
    DomainNames: ['contoso.test'],
    Enabled: true,
    FreeBusyAccessEnabled: true,
    FreeBusyAccessLevel: 'LimitedDetails',
    FreeBusyAccessScope: null,
    MailTipsAccessEnabled: false,
    MailTipsAccessLevel: 'None',
    DeliveryReportEnabled: false,
    PhotosEnabled: false,
    MailboxMoveEnabled: false,
    MailboxMoveDirection: 'None',
    TargetApplicationUri: 'FYDIBOHF25SPDLT.contoso.test',
    TargetAutodiscoverEpr: 'https://autodiscover.contoso.test/autodiscover/autodiscover.svc/WSSecurity',
    TargetSharingEpr: null,
    TargetOwaURL: null,
    ...overrides,
  };
}
