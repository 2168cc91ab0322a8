import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Attribute, Change } from 'ldapts';
import { immutableIdFromGuid } from '../../shared/identity/immutable-id.ts';
import { networkResolver } from '../../shared/http/resolver.ts';
import { openLdaps } from '../../shared/ldap/client.ts';
import { loadLabCa } from '../../shared/pki/index.ts';
import { loadSeed } from '../../shared/seed/seed.ts';
import { localPlan } from '../../shared/topology/index.ts';
import { clientOn, startTestLab } from '../support/in-process-lab.ts';
import { lab, passwordSignIn } from '../support/identity.ts';

/**
 * Flow F1 on the local lab: dirsync reads the dc over LDAPS and exports to azure-auth
 * through the edge proxy — soft match, the never-matched administrator, ImmutableIDs,
 * password hash sync — driven with `lab sync now` as a user would.
 */
const seed = loadSeed();
const guidOf = (name: string) => seed.activeDirectory.users.find((user) => user.sAMAccountName === name)!.objectGUID;

interface ListedUser {
  objectId: string;
  userPrincipalName: string;
  immutableId: string | null;
  proxyAddresses: string[];
  accountEnabled: boolean;
  onPremisesSyncEnabled: boolean;
}

describe('F1: lab sync now exports the directory to azure-auth', () => {
  let testLab: Awaited<ReturnType<typeof startTestLab>>;
  let env: Record<string, string>;
  let users: Map<string, ListedUser>;
  let cloudAlexId: string;
  let summary: { adds: number; matches: number; passwords: number; errors: string[] };

  before(async () => {
    testLab = await startTestLab({ env: { LAB_SYNC_SCHEDULE: 'off' } });
    env = { LAB_CERTS_DIR: testLab.certsDir };
    // A cloud user created before the first sync, with alex's address: the soft-match candidate.
    const added = await lab(['tenant', 'user', 'add', 'alex.w@contoso.onmicrosoft.test', '--display-name', 'Alex (cloud)', '--password', 'AlexCloud!2026', '--mail', 'alex@contoso.test', '--as', 'internet', '--json'], env);
    assert.equal(added.code, 0, added.stderr);
    cloudAlexId = (JSON.parse(added.stdout) as { objectId: string }).objectId;
    // migadmin's UPN collides with the tenant's global administrator, who must never be matched.
    const ldap = await openLdaps({ from: 'test', networks: ['corp'], egress: 'proxy', plan: localPlan, resolver: networkResolver('corp', localPlan) }, { host: 'dc.contoso.test', ca: loadLabCa(testLab.certsDir) });
    await ldap.bind('CONTOSO\\Administrator', 'DomainAdmin!Lab2026');
    const { searchEntries } = await ldap.search('DC=contoso,DC=test', { scope: 'sub', filter: '(sAMAccountName=migadmin)', attributes: ['dn'] });
    await ldap.modify(searchEntries[0]!.dn, new Change({ operation: 'replace', modification: new Attribute({ type: 'userPrincipalName', values: ['admin@contoso.onmicrosoft.test'] }) }));
    await ldap.unbind();

    const sync = await lab(['sync', 'now', '--full', '--as', 'corp', '--json'], env);
    summary = JSON.parse(sync.stdout);
    const listed = await lab(['tenant', 'user', 'list', '--as', 'internet', '--json'], env);
    assert.equal(listed.code, 0, listed.stderr);
    users = new Map((JSON.parse(listed.stdout) as ListedUser[]).map((user) => [user.userPrincipalName, user]));
  });
  after(async () => {
    await testLab?.dispose();
  });

  it('adds every in-scope AD user, soft-matches one, and reports the administrator collision as an error', () => {
    assert.equal(summary.adds, 5, 'mary, joe, sam, pat and eve');
    assert.equal(summary.matches, 1, 'alex');
    assert.equal(summary.passwords, 6, 'a password hash for every added or matched user');
    assert.equal(summary.errors.length, 1);
    assert.match(summary.errors[0]!, /admin@contoso\.onmicrosoft\.test holds an administrator role and is never matched/);
  });

  it('gives Mary the ImmutableID of her objectGUID, her UPN and her proxy addresses', () => {
    const mary = users.get('mary@contoso.test');
    assert.equal(mary?.immutableId, 'Hk8qbTyLWk6fECs8TV5vcQ==');
    assert.ok(mary.onPremisesSyncEnabled);
    assert.ok(mary.proxyAddresses.includes('SMTP:mary@contoso.test'), mary.proxyAddresses.join(', '));
  });

  it('stamps the soft-matched cloud user with alex’s ImmutableID, and on-premises values take over', () => {
    const alex = [...users.values()].find((user) => user.objectId === cloudAlexId);
    assert.equal(alex?.immutableId, immutableIdFromGuid(guidOf('alex')));
    assert.equal(alex.onPremisesSyncEnabled, true);
    assert.equal(alex.userPrincipalName, 'alex@contoso.test', 'the same cloud object, now carrying the AD UPN');
  });

  it('never matches the global administrator, and never syncs Administrator or the MSOL_ account', () => {
    assert.equal(users.get('admin@contoso.onmicrosoft.test')?.immutableId, null);
    assert.ok(![...users.keys()].some((upn) => /^(administrator|msol_)/i.test(upn)));
  });

  it('exports a disabled AD account as disabled', () => {
    assert.equal(users.get('eve@contoso.test')?.accountEnabled, false);
  });

  it('signs Sam in with his AD password through the synced hash of his hash', async () => {
    const http = clientOn('internet', testLab.certsDir);
    try {
      const good = await passwordSignIn(http, 'sam@litware.test', 'Sam!Lab2026');
      assert.equal(good.status, 200, JSON.stringify(good.body));
      const bad = await passwordSignIn(http, 'sam@litware.test', 'Sam!Wrong');
      assert.match(bad.body.error_description ?? '', /AADSTS50126/);
    } finally {
      await http.close();
    }
  });

  it('imports nothing new on a delta run, because the watermark moved, and retries only the refused object', async () => {
    const again = JSON.parse((await lab(['sync', 'now', '--delta', '--as', 'corp', '--json'], env)).stdout);
    assert.deepEqual({ imported: again.imported, adds: again.adds, updates: again.updates, matches: again.matches }, { imported: 0, adds: 0, updates: 0, matches: 0 });
    assert.equal(again.errors.length, 1, 'migadmin is sent again and refused again');
    assert.match(again.errors[0], /never matched/);
  });

  it('keeps synced users signing in while dirsync is down', async () => {
    await testLab.stop('dirsync');
    const http = clientOn('internet', testLab.certsDir);
    try {
      assert.equal((await passwordSignIn(http, 'sam@litware.test', 'Sam!Lab2026')).status, 200);
    } finally {
      await http.close();
      await testLab.start('dirsync');
    }
  });

  it('resumes after a dirsync restart from its stored watermark: nothing is sent twice and the run history is kept', async () => {
    await testLab.stop('dirsync');
    await testLab.start('dirsync');
    const again = JSON.parse((await lab(['sync', 'now', '--delta', '--as', 'corp', '--json'], env)).stdout);
    assert.deepEqual({ imported: again.imported, adds: again.adds, updates: again.updates, passwords: again.passwords }, { imported: 0, adds: 0, updates: 0, passwords: 0 });
    const runs = JSON.parse((await lab(['sync', 'runs', '--as', 'corp', '--json'], env)).stdout) as { kind: string }[];
    assert.deepEqual(runs.map((run) => run.kind), ['delta', 'delta', 'full']);
  });
});
