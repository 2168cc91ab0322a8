import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { immutableIdFromGuid } from '../../../shared/identity/immutable-id.ts';
import { ntHash } from '../../../shared/identity/nt-hash.ts';
import { passwordHashSyncHash } from '../../../shared/identity/password-hash-sync.ts';
import { syncObjects, syncPasswords, syncToken, syncedUsers } from './support/apis.ts';
import { Browser, authorizeUrl, exchangeOnline, formFields, owaRedirect, signIn } from './support/browser.ts';
import { startAzureAuth, type TestAzureAuth } from './support/azure-auth-app.ts';
import { passwordGrant, tokenRequest } from './support/tokens.ts';

let lab: TestAzureAuth;
let sync: string;
before(async () => {
  lab = await startAzureAuth();
  sync = await syncToken(lab);
});
after(() => lab.close());

const graph = 'https://graph.microsoft.test';
const sam = { sourceAnchor: immutableIdFromGuid('2b4c6d8e-0f1a-4b3c-8d5e-6f7a8b9c0d1e'), userPrincipalName: 'sam@litware.test', displayName: 'Sam Lee', mail: 'sam@litware.test', proxyAddresses: ['SMTP:sam@litware.test'], accountEnabled: true };
/** DSInternals OrgIdHashTester: `Pa$$w0rd` with salt 181a3024085fcee2f70e (client-flows §4). */
const dsInternalsVector = 'v1;PPH1_MD4,181a3024085fcee2f70e,1000,b39525c3bc72a1136fcf7c8a338e0c14313d0450d1a4c98ef0a6ddada3bc5b0a;';

function errorCode(response: { json(): unknown }): string {
  return /^(AADSTS\d+)/.exec((response.json() as { error_description: string }).error_description)?.[1] ?? '?';
}

describe('directory sync: password hash sync, then managed sign-in', () => {
  it('cannot sign in a synced user before its password hash arrives', async () => {
    assert.equal((await syncObjects(lab, sync, [sam]))[0]?.outcome, 'added');
    assert.equal(errorCode(await passwordGrant(lab.app, 'sam@litware.test', 'Sam!Lab2026', graph)), 'AADSTS50126');
  });

  it('stores the PHS credential and signs the synced managed user in through username → password → form_post', async () => {
    const credentialData = passwordHashSyncHash(await ntHash('Sam!Lab2026'));
    assert.deepEqual(await syncPasswords(lab, sync, [{ sourceAnchor: sam.sourceAnchor, credentialData }]), [{ sourceAnchor: sam.sourceAnchor, outcome: 'updated' }]);
    const page = await signIn(new Browser(lab.app), 'sam@litware.test', 'Sam!Lab2026');
    const code = formFields(page.body).code;
    assert.ok(code, page.body);
    const tokens = await tokenRequest(lab.app, { grant_type: 'authorization_code', client_id: exchangeOnline, redirect_uri: owaRedirect, code });
    assert.equal(decodeJwt((tokens.json() as { access_token: string }).access_token).upn, 'sam@litware.test');
  });

  it('verifies the DSInternals test vector on the sign-in path', async () => {
    const anchor = 'ZHNpbnRlcm5hbHMtdmVjdG9y';
    await syncObjects(lab, sync, [{ sourceAnchor: anchor, userPrincipalName: 'vector@litware.test', displayName: 'Test Vector' }]);
    assert.equal((await syncPasswords(lab, sync, [{ sourceAnchor: anchor, credentialData: dsInternalsVector }]))[0]?.outcome, 'updated');
    assert.equal((await passwordGrant(lab.app, 'vector@litware.test', 'Pa$$w0rd', graph)).statusCode, 200);
    assert.equal(errorCode(await passwordGrant(lab.app, 'vector@litware.test', 'Pa$$w0rD', graph)), 'AADSTS50126');
  });

  it('takes a password change: the new password signs in, the old one no longer does', async () => {
    await syncPasswords(lab, sync, [{ sourceAnchor: sam.sourceAnchor, credentialData: passwordHashSyncHash(await ntHash('Sam!Changed2026')) }]);
    assert.equal(errorCode(await passwordGrant(lab.app, 'sam@litware.test', 'Sam!Lab2026', graph)), 'AADSTS50126');
    assert.equal((await passwordGrant(lab.app, 'sam@litware.test', 'Sam!Changed2026', graph)).statusCode, 200);
  });

  it('refuses credential data that is not a PHS hash, and anchors it does not know', async () => {
    const results = await syncPasswords(lab, sync, [
      { sourceAnchor: sam.sourceAnchor, credentialData: '92937945B518814341DE3F726500D4FF' },
      { sourceAnchor: 'bm8tc3VjaC1vYmplY3Q=', credentialData: dsInternalsVector },
    ]);
    assert.deepEqual(results.map((result) => result.outcome), ['error', 'error']);
    assert.match(results[0]?.error ?? '', /not a password hash sync hash/);
    assert.match(results[1]?.error ?? '', /no synced object/);
    assert.equal((await passwordGrant(lab.app, 'sam@litware.test', 'Sam!Changed2026', graph)).statusCode, 200, 'the stored credential is untouched');
  });

  it('honours accountEnabled=false: the right password then gets AADSTS50057', async () => {
    assert.equal((await syncObjects(lab, sync, [{ ...sam, accountEnabled: false }]))[0]?.outcome, 'updated');
    assert.equal(errorCode(await passwordGrant(lab.app, 'sam@litware.test', 'Sam!Changed2026', graph)), 'AADSTS50057');
    assert.match((await signIn(new Browser(lab.app), 'sam@litware.test', 'Sam!Changed2026')).body, /AADSTS50057/);
    await syncObjects(lab, sync, [sam]);
    assert.equal((await passwordGrant(lab.app, 'sam@litware.test', 'Sam!Changed2026', graph)).statusCode, 200);
  });

  it('soft-deletes on deleted: true; the user can no longer sign in, not even with a live session', async () => {
    const browser = new Browser(lab.app);
    await signIn(browser, 'sam@litware.test', 'Sam!Changed2026');
    assert.deepEqual((await syncObjects(lab, sync, [{ sourceAnchor: sam.sourceAnchor, deleted: true }]))[0]?.outcome, 'deleted');
    assert.equal(errorCode(await passwordGrant(lab.app, 'sam@litware.test', 'Sam!Changed2026', graph)), 'AADSTS50034');
    const page = await browser.get(authorizeUrl());
    assert.match(page.body, /name="login"/, 'the session no longer signs in silently');
    assert.equal((await syncedUsers(lab, sync)).find((user) => user.userPrincipalName === 'sam@litware.test')?.deleted, true);
    assert.equal((await syncObjects(lab, sync, [{ sourceAnchor: sam.sourceAnchor, deleted: true }]))[0]?.outcome, 'unchanged');
    assert.equal((await syncPasswords(lab, sync, [{ sourceAnchor: sam.sourceAnchor, credentialData: dsInternalsVector }]))[0]?.outcome, 'error');
  });
});
