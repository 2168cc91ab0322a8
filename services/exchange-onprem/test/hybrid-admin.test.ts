import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addressOf, localPlan } from '../../../shared/topology/index.ts';
import { basic, createOnpremTestBed, mary, type OnpremTestBed } from './support/onprem-test-bed.ts';
import { organizationRelationship } from '../../../shared/hybrid-config/test/fixtures.ts';

/**
 * Exchange on-premises' hybrid management (`/hybrid-admin/…`, flow F9): from corp, as a
 * Domain Admin, the objects are written and read; anything the edge relayed from the
 * internet, no credentials, a wrong password or a user who is not an admin is refused.
 */
let bed: OnpremTestBed;
before(async () => {
  bed = await createOnpremTestBed();
});
after(() => bed.dispose());

const administrator = basic('administrator@contoso.test', 'DomainAdmin!Lab2026');
const orgRel = organizationRelationship({
  Name: 'On-premises to O365',
  DomainNames: ['contoso.mail.onmicrosoft.test'],
  TargetApplicationUri: 'outlook.test',
  TargetAutodiscoverEpr: 'https://autodiscover-s.outlook.test/autodiscover/autodiscover.svc/WSSecurity',
  TargetOwaURL: 'https://outlook.office365.test/owa/',
});
const url = `/hybrid-admin/OrganizationRelationship/${encodeURIComponent(orgRel.Name)}`;

interface Origin {
  readonly headers?: Record<string, string>;
  readonly remoteAddress?: string;
}

function put(authorization: string | undefined, extra: Origin = {}) {
  return bed.app.inject({ method: 'PUT', url, remoteAddress: extra.remoteAddress, headers: { host: 'mail.contoso.test', 'content-type': 'application/json', ...(authorization ? { authorization } : {}), ...extra.headers }, payload: JSON.stringify(orgRel) });
}

async function relationships(): Promise<unknown[]> {
  const response = await bed.app.inject({ method: 'GET', url: '/hybrid-admin/OrganizationRelationship', headers: { host: 'mail.contoso.test', authorization: administrator } });
  return response.json().OrganizationRelationship as unknown[];
}

describe('exchange-onprem hybrid management', () => {
  it('refuses what the edge relayed from the internet (its corp address, Via, X-Forwarded-For) even with admin credentials', async () => {
    const relayed: Origin[] = [{ remoteAddress: addressOf('edge', 'corp', localPlan) }, { headers: { via: '1.1 edge' } }, { headers: { 'x-forwarded-for': '127.18.0.100' } }];
    for (const extra of relayed) {
      const response = await put(administrator, extra);
      assert.equal(response.statusCode, 403, response.body);
      assert.equal(response.json().error, 'MANAGEMENT_FROM_INTERNET');
    }
    assert.deepEqual(await relationships(), []);
  });

  it('refuses no credentials (401 with IIS challenges), a wrong password (401) and a non-admin (403)', async () => {
    const none = await put(undefined);
    assert.equal(none.statusCode, 401);
    assert.deepEqual(none.headers['www-authenticate'], ['Negotiate', 'NTLM', 'Basic Realm=""']);
    assert.equal((await put(basic('administrator@contoso.test', 'wrong'))).statusCode, 401);
    const notAdmin = await put(mary);
    assert.equal(notAdmin.statusCode, 403);
    assert.equal(notAdmin.json().error, 'ACCESS_DENIED');
    assert.deepEqual(await relationships(), []);
  });

  it('tells an NTLM attempt that hybrid management takes Basic only (Windows authentication is for EWS and Autodiscover)', async () => {
    const response = await put('NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw==');
    assert.equal(response.statusCode, 401);
    assert.deepEqual(response.headers['www-authenticate'], ['Basic Realm=""']);
    assert.equal(response.json().error, 'WINDOWS_AUTH_UNAVAILABLE');
  });

  it('writes an OrganizationRelationship from corp as a Domain Admin: created, then unchanged', async () => {
    const first = await put(administrator);
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().result, 'created');
    assert.equal((await put(administrator)).json().result, 'unchanged');
    assert.deepEqual(await relationships(), [orgRel]);
  });

  it('never shows an availability address space password', async () => {
    const space = { ForestName: 'fabrikam.test', AccessMethod: 'OrgWideFB', UseServiceAccount: false, TargetAutodiscoverEpr: null, UserName: 'FABRIKAM\\freebusy', Password: 'Secret!1' };
    const written = await bed.app.inject({ method: 'PUT', url: '/hybrid-admin/AvailabilityAddressSpace/fabrikam.test', headers: { host: 'mail.contoso.test', authorization: administrator, 'content-type': 'application/json' }, payload: JSON.stringify(space) });
    assert.equal(written.statusCode, 200, written.body);
    assert.equal(written.json().object.Password, undefined);
    const all = await bed.app.inject({ method: 'GET', url: '/hybrid-admin/objects', headers: { host: 'mail.contoso.test', authorization: administrator } });
    assert.equal(all.json().AvailabilityAddressSpace[0].UserName, 'FABRIKAM\\freebusy');
    assert.doesNotMatch(all.body, /Secret!1/);
  });
});
