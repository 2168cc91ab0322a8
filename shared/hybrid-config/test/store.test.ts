import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { federationGatewayIssuer, type FederationInformation } from '../federation-information.ts';
import type { IntraOrganizationConnector } from '../objects.ts';
import { openHybridConfigStore } from '../store.ts';
import { organizationRelationship } from './fixtures.ts';

const defaults: FederationInformation = { applicationUri: 'FYDIBOHF25SPDLT.contoso.test', domains: ['contoso.test'], tokenIssuers: [federationGatewayIssuer] };

const orgRel = organizationRelationship();

const ioc: IntraOrganizationConnector = {
  Name: 'ExchangeHybridOnlineToOnPremises',
  DiscoveryEndpoint: 'https://autodiscover.contoso.test/autodiscover/autodiscover.svc',
  TargetAddressDomains: ['contoso.test'],
  Enabled: true,
  TargetSharingEpr: null,
};

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'hybrid-config-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('hybrid configuration store', () => {
  it('migrates an existing version-1 database: the old gateway endpoint becomes nexus, the row is kept', () => {
    const stateDir = join(dir, 'v1');
    const first = openHybridConfigStore(stateDir, { ...defaults, tokenIssuers: [{ uri: 'urn:federation:MicrosoftOnline', endpoint: 'https://login.microsoftonline.test/extSTS.srf' }] });
    first.close();
    // Pretend the database predates migration 2.
    const raw = new DatabaseSync(join(stateDir, 'hybrid.sqlite'));
    raw.exec('DROP TABLE hybrid_objects; PRAGMA user_version = 1;');
    raw.close();
    const store = openHybridConfigStore(stateDir, defaults);
    assert.deepEqual(store.federation()?.tokenIssuers, [{ uri: 'urn:federation:MicrosoftOnline', endpoint: 'https://nexus.microsoftonline-p.test/extSTS.srf' }]);
    assert.equal(store.federation()?.applicationUri, 'FYDIBOHF25SPDLT.contoso.test');
    assert.deepEqual(store.list('OrganizationRelationship'), []);
    store.close();
  });

  it('says created, then unchanged for the same object, then updated for a change', () => {
    const store = openHybridConfigStore(join(dir, 'upsert'), defaults);
    assert.equal(store.upsert('OrganizationRelationship', orgRel), 'created');
    assert.equal(store.upsert('OrganizationRelationship', { ...orgRel }), 'unchanged');
    assert.equal(store.upsert('OrganizationRelationship', { ...orgRel, FreeBusyAccessLevel: 'AvailabilityOnly' }), 'updated');
    assert.equal(store.organizationRelationships().length, 1);
    assert.equal(store.organizationRelationships()[0]!.FreeBusyAccessLevel, 'AvailabilityOnly');
    store.close();
  });

  it('finds objects by identity case-insensitively, as -Identity does', () => {
    const store = openHybridConfigStore(join(dir, 'identity'), defaults);
    store.upsert('IntraOrganizationConnector', ioc);
    assert.deepEqual(store.get('IntraOrganizationConnector', 'exchangehybridonlinetoonpremises'), ioc);
    assert.equal(store.get('OrganizationRelationship', ioc.Name), undefined, 'kinds are separate');
    assert.equal(store.remove('IntraOrganizationConnector', 'EXCHANGEHYBRIDONLINETOONPREMISES'), true);
    assert.deepEqual(store.intraOrganizationConnectors(), []);
    store.close();
  });

  it('keeps objects and federation information across a restart', () => {
    const stateDir = join(dir, 'restart');
    const first = openHybridConfigStore(stateDir, defaults);
    first.upsert('OrganizationRelationship', orgRel);
    first.upsert('AvailabilityAddressSpace', { ForestName: 'fabrikam.test', AccessMethod: 'OrgWideFB', UseServiceAccount: false, TargetAutodiscoverEpr: null, UserName: 'FABRIKAM\\fb', Password: 'secret' });
    first.setFederation({ ...defaults, domains: ['contoso.test', 'litware.test'] });
    first.close();
    const second = openHybridConfigStore(stateDir, { ...defaults, applicationUri: 'ignored' });
    assert.deepEqual(second.organizationRelationships(), [orgRel]);
    assert.equal(second.get('AvailabilityAddressSpace', 'fabrikam.test')?.UserName, 'FABRIKAM\\fb');
    assert.deepEqual(second.federation()?.domains, ['contoso.test', 'litware.test']);
    assert.equal(second.federation()?.applicationUri, 'FYDIBOHF25SPDLT.contoso.test', 'defaults apply on first start only');
    second.close();
  });

  it('refuses an object without its identity', () => {
    const store = openHybridConfigStore(join(dir, 'invalid'), defaults);
    assert.throws(() => store.upsert('OrganizationRelationship', { ...orgRel, Name: '' }), { code: 'HYBRID_OBJECT_INVALID' });
    store.close();
  });
});
