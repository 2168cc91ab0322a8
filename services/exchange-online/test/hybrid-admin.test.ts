import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { globalAdministratorTemplateId } from '../src/domain/hybrid-admin/authorize.ts';
import { createClientAccessTestBed, type ClientAccessTestBed } from './support/client-access-test-bed.ts';

/**
 * Exchange Online's hybrid management (`/hybrid-admin/…`, flow F9): a Global
 * Administrator's Bearer token of this tenant writes and reads the objects; no token,
 * a bad one, another tenant's or a user without the role is refused.
 */
let bed: ClientAccessTestBed;
before(async () => {
  bed = await createClientAccessTestBed();
});
after(() => bed.dispose());

const ioc = {
  Name: 'ExchangeHybridOnlineToOnPremises',
  DiscoveryEndpoint: 'https://autodiscover.contoso.test/autodiscover/autodiscover.svc',
  TargetAddressDomains: ['contoso.test'],
  Enabled: true,
  TargetSharingEpr: null,
};

const admin = (overrides: Record<string, unknown> = {}) => bed.token('joe@contoso.test', { wids: [globalAdministratorTemplateId], ...overrides });

function call(method: 'GET' | 'PUT', url: string, authorization?: string, payload?: unknown) {
  return bed.app.inject({ method, url, headers: { host: 'outlook.office365.test', ...(authorization ? { authorization } : {}), ...(payload ? { 'content-type': 'application/json' } : {}) }, payload: payload ? JSON.stringify(payload) : undefined });
}

describe('exchange-online hybrid management', () => {
  it('creates, leaves unchanged and lists an IntraOrganizationConnector for a Global Administrator', async () => {
    const token = `Bearer ${await admin()}`;
    const first = await call('PUT', `/hybrid-admin/IntraOrganizationConnector/${ioc.Name}`, token, ioc);
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().result, 'created');
    assert.equal((await call('PUT', `/hybrid-admin/IntraOrganizationConnector/${ioc.Name}`, token, ioc)).json().result, 'unchanged');
    const listed = await call('GET', '/hybrid-admin/objects', token);
    assert.deepEqual(listed.json().IntraOrganizationConnector, [ioc]);
    assert.equal(listed.json().FederationInformation.applicationUri, 'outlook.test');
  });

  it('refuses a body that is not the object (unknown field, bad level, URL and Name disagree)', async () => {
    const token = `Bearer ${await admin()}`;
    assert.equal((await call('PUT', `/hybrid-admin/IntraOrganizationConnector/${ioc.Name}`, token, { ...ioc, Extra: 1 })).json().error, 'HYBRID_UNKNOWN_FIELD');
    assert.equal((await call('PUT', '/hybrid-admin/OrganizationRelationship/x', token, { Name: 'x', FreeBusyAccessLevel: 'Everything' })).statusCode, 400);
    assert.equal((await call('PUT', `/hybrid-admin/IntraOrganizationConnector/other`, token, ioc)).json().error, 'HYBRID_IDENTITY_MISMATCH');
  });

  it('refuses a missing Bearer token with 401 and a Bearer challenge', async () => {
    const response = await call('GET', '/hybrid-admin/objects');
    assert.equal(response.statusCode, 401);
    assert.match(String(response.headers['www-authenticate']), /^Bearer /);
  });

  const refusals: [string, () => Promise<string>, number][] = [
    ['another tenant', () => admin({ tid: '00000000-0000-0000-0000-000000000000' }), 403],
    ['a user without the Global Administrator role', () => bed.token('joe@contoso.test'), 403],
    ['another audience', () => admin({ aud: 'https://graph.microsoft.test' }), 401],
    ['a forged signature', async () => `${(await admin()).slice(0, -4)}AAAA`, 401],
  ];
  for (const [what, token, status] of refusals) {
    it(`refuses a token of ${what} with ${status}, and writes nothing`, async () => {
      const response = await call('PUT', `/hybrid-admin/OrganizationRelationship/x`, `Bearer ${await token()}`, { Name: 'x' });
      assert.equal(response.statusCode, status, response.body);
      const objects = await call('GET', '/hybrid-admin/OrganizationRelationship', `Bearer ${await admin()}`);
      assert.deepEqual(objects.json().OrganizationRelationship, []);
    });
  }
});
