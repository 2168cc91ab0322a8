import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { immutableIdFromGuid } from '../../../shared/identity/immutable-id.ts';
import { adminToken, createCloudUser, syncObjects, syncToken, syncedUsers } from './support/apis.ts';
import { startAzureAuth, type TestAzureAuth } from './support/azure-auth-app.ts';

let lab: TestAzureAuth;
let sync: string;
let admin: string;
before(async () => {
  lab = await startAzureAuth();
  sync = await syncToken(lab);
  admin = await adminToken(lab);
});
after(() => lab.close());

const joe = { sourceAnchor: immutableIdFromGuid('3f9b2c71-4d6e-4a8b-b1c2-7e8f90a1b2c3'), userPrincipalName: 'joe@contoso.test', displayName: 'Joe Bloggs', mail: 'joe@contoso.test', proxyAddresses: ['SMTP:joe@contoso.test', 'smtp:joe@contoso.mail.onmicrosoft.test'], accountEnabled: true };

async function userWith(upn: string) {
  return (await syncedUsers(lab, sync)).find((user) => user.userPrincipalName.toLowerCase() === upn.toLowerCase());
}

describe('directory sync: objects', () => {
  it('adds a new on-premises user with its sourceAnchor as immutableId and no password yet', async () => {
    const [result] = await syncObjects(lab, sync, [joe]);
    assert.equal(result?.outcome, 'added');
    const user = await userWith('joe@contoso.test');
    assert.equal(user?.objectId, result?.objectId);
    assert.equal(user?.immutableId, 'cSybP25Ni0qxwn6PkKGyww==');
    assert.equal(user?.onPremisesSyncEnabled, true);
    assert.equal(user?.hasPassword, false);
    assert.deepEqual(user?.proxyAddresses, joe.proxyAddresses);
  });

  it('reports an unchanged object as unchanged and a changed one as updated', async () => {
    assert.equal((await syncObjects(lab, sync, [joe]))[0]?.outcome, 'unchanged');
    assert.equal((await syncObjects(lab, sync, [{ ...joe, displayName: 'Joseph Bloggs' }]))[0]?.outcome, 'updated');
    assert.equal((await userWith('joe@contoso.test'))?.displayName, 'Joseph Bloggs');
  });

  it('soft-matches a pre-created cloud user by primary SMTP, which then carries the immutableId', async () => {
    const created = await createCloudUser(lab, admin, { userPrincipalName: 'samlee@contoso.onmicrosoft.test', displayName: 'Sam (cloud)', password: 'Cloud!Sam2026', mail: 'sam@litware.test' });
    const cloudId = (created.json() as { objectId: string }).objectId;
    const anchor = immutableIdFromGuid('2b4c6d8e-0f1a-4b3c-8d5e-6f7a8b9c0d1e');
    const [result] = await syncObjects(lab, sync, [{ sourceAnchor: anchor, userPrincipalName: 'sam@litware.test', displayName: 'Sam Lee', mail: 'sam@litware.test', proxyAddresses: ['SMTP:sam@litware.test'] }]);
    assert.deepEqual(result, { sourceAnchor: anchor, outcome: 'soft-matched', objectId: cloudId });
    const user = await userWith('sam@litware.test');
    assert.equal(user?.objectId, cloudId);
    assert.equal(user?.immutableId, anchor);
    assert.equal(user?.onPremisesSyncEnabled, true);
    assert.equal(user?.displayName, 'Sam Lee', 'on-premises values overwrite the cloud ones');
  });

  it('soft-matches a cloud user by UPN', async () => {
    const created = await createCloudUser(lab, admin, { userPrincipalName: 'kim@litware.test', displayName: 'Kim', password: 'Cloud!Kim2026' });
    const [result] = await syncObjects(lab, sync, [{ sourceAnchor: 'a2ltLW9ucHJlbS1ndWlkLTE=', userPrincipalName: 'KIM@litware.test', displayName: 'Kim Akers' }]);
    assert.equal(result?.outcome, 'soft-matched');
    assert.equal(result?.objectId, (created.json() as { objectId: string }).objectId);
  });

  it('hard-matches a cloud user whose immutableId equals the sourceAnchor, even under another UPN', async () => {
    const anchor = immutableIdFromGuid('8a7b6c5d-4e3f-4a1b-9c8d-0e1f2a3b4c5d');
    const created = await createCloudUser(lab, admin, { userPrincipalName: 'alex.cloud@litware.test', displayName: 'Alex (cloud)', password: 'Cloud!Alex2026', immutableId: anchor });
    const [result] = await syncObjects(lab, sync, [{ sourceAnchor: anchor, userPrincipalName: 'alex@contoso.test', displayName: 'Alex Wilber', proxyAddresses: ['SMTP:alex@contoso.test'] }]);
    assert.deepEqual(result, { sourceAnchor: anchor, outcome: 'hard-matched', objectId: (created.json() as { objectId: string }).objectId });
    assert.equal((await userWith('alex@contoso.test'))?.onPremisesSyncEnabled, true);
  });

  it('never matches a cloud user holding an administrator role', async () => {
    const results = await syncObjects(lab, sync, [
      { sourceAnchor: 'YWRtaW4tdGFrZW92ZXI=', userPrincipalName: 'admin@contoso.onmicrosoft.test', displayName: 'Takeover' },
      { sourceAnchor: 'c3luYy10YWtlb3Zlcg==', userPrincipalName: 'sync_dirsync@contoso.onmicrosoft.test', displayName: 'Takeover' },
    ]);
    assert.deepEqual(results[0], { sourceAnchor: 'YWRtaW4tdGFrZW92ZXI=', outcome: 'error', error: 'the cloud object admin@contoso.onmicrosoft.test holds an administrator role and is never matched' });
    assert.equal(results[1]?.outcome, 'error');
    const admins = await userWith('admin@contoso.onmicrosoft.test');
    assert.equal(admins?.immutableId, null);
    assert.equal(admins?.displayName, 'Lab Administrator');
  });

  it('rewrites a UPN with an unverified suffix to the initial domain', async () => {
    const [result] = await syncObjects(lab, sync, [{ sourceAnchor: 'Ym9iLWZhYnJpa2Ft', userPrincipalName: 'bob@fabrikam.local', displayName: 'Bob' }]);
    assert.equal(result?.outcome, 'added');
    assert.equal((await syncedUsers(lab, sync)).find((user) => user.objectId === result?.objectId)?.userPrincipalName, 'bob@contoso.onmicrosoft.test');
  });

  it('reports a UPN another object holds, and a malformed object, as errors without failing the batch', async () => {
    const results = await syncObjects(lab, sync, [
      { sourceAnchor: 'b3RoZXItam9l', userPrincipalName: 'joe@contoso.test', displayName: 'Another Joe' },
      { sourceAnchor: 'bm8tdXBu', displayName: 'No UPN' },
      { sourceAnchor: 'ZmluZQ==', userPrincipalName: 'fine@litware.test', displayName: 'Fine' },
    ]);
    assert.deepEqual(results.map((result) => result.outcome), ['error', 'error', 'added']);
    assert.match(results[0]?.error ?? '', /already used by the object/);
    assert.match(results[1]?.error ?? '', /userPrincipalName/);
  });

  it('keeps the immutableId case-sensitive: a sourceAnchor differing in case is another object', async () => {
    const [result] = await syncObjects(lab, sync, [{ ...joe, sourceAnchor: joe.sourceAnchor.toLowerCase(), userPrincipalName: 'joe2@contoso.test', proxyAddresses: [] }]);
    assert.equal(result?.outcome, 'added');
  });
});
