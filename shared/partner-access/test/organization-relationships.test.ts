import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OrganizationRelationship } from '../../hybrid-config/objects.ts';
import { loadSeed } from '../../seed/seed.ts';
import { configuredRelationships, defaultOnlineRelationships } from '../organization-relationships.ts';

/** The receiving Exchange authorizes DAuth against what `lab hybrid configure` wrote, and the wizard's default until then. */
const seed = loadSeed();
const configured: OrganizationRelationship = {
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
};

describe('configuredRelationships', () => {
  it('falls back to the wizard default while nothing is configured', () => {
    const provider = configuredRelationships({ organizationRelationships: () => [] }, defaultOnlineRelationships(seed));
    assert.deepEqual(provider(), defaultOnlineRelationships(seed)());
  });

  it('uses the configured objects, read at each call, once any exists', () => {
    const objects: OrganizationRelationship[] = [];
    const provider = configuredRelationships({ organizationRelationships: () => objects }, defaultOnlineRelationships(seed));
    objects.push(configured);
    assert.deepEqual(provider(), [{ name: 'O365 to On-premises', domainNames: ['contoso.test'], enabled: true, freeBusyAccessEnabled: true, freeBusyAccessLevel: 'LimitedDetails' }]);
  });
});
