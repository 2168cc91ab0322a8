import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { immutableIdFromGuid } from '../../../shared/identity/immutable-id.ts';
import { ntHash } from '../../../shared/identity/nt-hash.ts';
import { passwordHashSyncHash } from '../../../shared/identity/password-hash-sync.ts';
import { adminToken, createCloudUser, syncObjects, syncPasswords, syncToken, syncedUsers } from './support/apis.ts';
import { Browser, authorizeUrl, formFields, signIn } from './support/browser.ts';
import { startAzureAuth } from './support/azure-auth-app.ts';
import { passwordGrant } from './support/tokens.ts';

describe('state survives a restart on the same state directory', () => {
  it('keeps created and synced users, their passwords, sessions and lockout, and does not seed again', async () => {
    let lab = await startAzureAuth();
    try {
      await createCloudUser(lab, await adminToken(lab), { userPrincipalName: 'olga@litware.test', displayName: 'Olga', password: 'Olga!Lab2026' });
      const sync = await syncToken(lab);
      const anchor = immutableIdFromGuid('2b4c6d8e-0f1a-4b3c-8d5e-6f7a8b9c0d1e');
      await syncObjects(lab, sync, [{ sourceAnchor: anchor, userPrincipalName: 'sam@litware.test', displayName: 'Sam Lee' }]);
      await syncPasswords(lab, sync, [{ sourceAnchor: anchor, credentialData: passwordHashSyncHash(await ntHash('Sam!Lab2026')) }]);
      for (let attempt = 0; attempt < 10; attempt += 1) await passwordGrant(lab.app, 'ann@contoso.onmicrosoft.test', 'wrong', 'https://graph.microsoft.test');
      const browser = new Browser(lab.app);
      await signIn(browser, 'olga@litware.test', 'Olga!Lab2026');
      const before = await syncedUsers(lab, sync);

      lab = await lab.rebuild();

      const after = await syncedUsers(lab, await syncToken(lab));
      assert.deepEqual(after, before, 'same users, same object ids, nothing seeded twice');
      assert.equal((await passwordGrant(lab.app, 'olga@litware.test', 'Olga!Lab2026', 'https://graph.microsoft.test')).statusCode, 200);
      assert.equal((await passwordGrant(lab.app, 'sam@litware.test', 'Sam!Lab2026', 'https://graph.microsoft.test')).statusCode, 200);
      assert.match((await passwordGrant(lab.app, 'ann@contoso.onmicrosoft.test', 'Ann!Lab2026', 'https://graph.microsoft.test')).body, /AADSTS50053/, 'still locked');
      assert.ok(formFields((await browser.reconnect(lab.app).get(authorizeUrl())).body).code, 'the ESTSAUTH session still signs in');
    } finally {
      await lab.close();
    }
  });
});
