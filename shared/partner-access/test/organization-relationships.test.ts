import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OrganizationRelationship } from '../../hybrid-config/objects.ts';
import { organizationRelationship } from '../../hybrid-config/test/fixtures.ts';
import { loadSeed } from '../../seed/seed.ts';
import { configuredRelationships, defaultOnlineRelationships } from '../organization-relationships.ts';

/** The receiving Exchange authorizes DAuth against what `lab hybrid configure` wrote, and the wizard's default until then. */
const seed = loadSeed();
const configured = organizationRelationship();

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
