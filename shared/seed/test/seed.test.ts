import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { ConfigError } from '../../errors/lab-error.ts';
import { defaultSeedFile, loadSeed, type Seed } from '../seed.ts';

const pinnedTenantId = '7a1c0f2e-5d4b-4c3a-9e8f-1b2c3d4e5f60';

let dir: string;
let seed: Seed;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'hybrid-lab-seed-'));
  seed = loadSeed();
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the shipped seed with one change, to a file named by its scenario, and returns the path. */
function seedWith(scenario: string, change: (document: ReturnType<typeof parseDocument>, shipped: Seed) => void): string {
  const document = parseDocument(readFileSync(defaultSeedFile, 'utf8'));
  change(document, document.toJS() as Seed);
  const file = join(dir, `${scenario}.yaml`);
  writeFileSync(file, document.toString());
  return file;
}

/** The position of the entry called `name` in a list of the shipped seed, so a change targets it by name. */
function indexOf<T>(entries: readonly T[], nameOf: (entry: T) => string, name: string): number {
  const index = entries.findIndex((entry) => nameOf(entry) === name);
  assert.ok(index >= 0, `the shipped seed has no entry ${name}`);
  return index;
}

const indexOfUser = (shipped: Seed, name: string): number => indexOf(shipped.activeDirectory.users, (user) => user.sAMAccountName, name);

/** Asserts that loading `file` fails on LAB_SEED with a message containing every one of `words`. */
function assertSeedRejected(file: string, words: readonly string[]): void {
  assert.throws(
    () => loadSeed(file),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
      assert.equal(error.setting, 'LAB_SEED');
      assert.ok(error.message.includes('LAB_SEED'), error.message);
      for (const word of words) assert.ok(error.message.includes(word), `message does not name "${word}": ${error.message}`);
      return true;
    },
  );
}

describe('the shipped seed', () => {
  it('loads from seed/lab-seed.yaml with the pinned tenant id', () => {
    assert.equal(seed.tenant.id, pinnedTenantId);
    assert.equal(seed.tenant.displayName, 'Contoso');
    assert.equal(seed.tenant.initialDomain, 'contoso.onmicrosoft.test');
    assert.equal(seed.tenant.routingDomain, 'contoso.mail.onmicrosoft.test');
  });

  it('federates contoso.test and manages litware.test (design §2)', () => {
    const authentication = new Map(seed.tenant.domains.map((domain) => [domain.name, domain.authentication]));
    assert.equal(authentication.get('contoso.test'), 'Federated');
    assert.equal(authentication.get('litware.test'), 'Managed');
  });

  it('holds the AD users of design §2 with their documented passwords', () => {
    const byUpn = new Map(seed.activeDirectory.users.map((user) => [user.userPrincipalName, user]));
    const documented: Record<string, string> = {
      'mary@contoso.test': 'Mary!Lab2026',
      'joe@contoso.test': 'Joe!Lab2026',
      'alex@contoso.test': 'Alex!Lab2026',
      'sam@litware.test': 'Sam!Lab2026',
      'migadmin@contoso.test': 'Mig!Lab2026',
      'pat@contoso.test': 'Pat!Lab2026',
      'eve@contoso.test': 'Eve!Lab2026',
    };
    for (const [upn, password] of Object.entries(documented)) assert.equal(byUpn.get(upn)?.password, password, upn);
  });

  it('places the mailboxes of design §2: Mary, Alex and Pat on-premises, Joe and Sam in the cloud', () => {
    const mailboxOf = (upn: string) => seed.activeDirectory.users.find((user) => user.userPrincipalName === upn)?.mailbox;
    assert.deepEqual(['mary', 'alex', 'pat'].map((name) => mailboxOf(`${name}@contoso.test`)), ['onprem', 'onprem', 'onprem']);
    assert.deepEqual([mailboxOf('joe@contoso.test'), mailboxOf('sam@litware.test')], ['cloud', 'cloud']);
  });

  it('marks pat’s password expired and eve disabled, and no one else', () => {
    const expired = seed.activeDirectory.users.filter((user) => user.passwordExpired).map((user) => user.userPrincipalName);
    const disabled = seed.activeDirectory.users.filter((user) => user.disabled).map((user) => user.userPrincipalName);
    assert.deepEqual(expired, ['pat@contoso.test']);
    assert.deepEqual(disabled, ['eve@contoso.test']);
  });

  it('gives Mary the objectGUID 6d2a4f1e-8b3c-4e5a-9f10-2b3c4d5e6f71', () => {
    assert.equal(seed.activeDirectory.users.find((user) => user.sAMAccountName === 'mary')?.objectGUID, '6d2a4f1e-8b3c-4e5a-9f10-2b3c4d5e6f71');
  });

  it('holds the cloud-only users ann and admin with their documented passwords, admin a global administrator', () => {
    const byUpn = new Map(seed.tenant.cloudUsers.map((user) => [user.userPrincipalName, user]));
    assert.equal(byUpn.get('ann@contoso.onmicrosoft.test')?.password, 'Ann!Lab2026');
    assert.equal(byUpn.get('ann@contoso.onmicrosoft.test')?.mailbox, true);
    assert.equal(byUpn.get('admin@contoso.onmicrosoft.test')?.password, 'Admin!Lab2026');
    assert.deepEqual(byUpn.get('admin@contoso.onmicrosoft.test')?.roles, ['GlobalAdministrator']);
  });
});

describe('a malformed seed', () => {
  it('is rejected when a user’s objectGUID is not a GUID, naming the user and the value', () => {
    const file = seedWith('user-guid-not-a-guid', (document, shipped) => document.setIn(['activeDirectory', 'users', indexOfUser(shipped, 'joe'), 'objectGUID'], '3f9b2c71-4d6e-4a8b-b1c2'));
    assertSeedRejected(file, ['joe', '3f9b2c71-4d6e-4a8b-b1c2']);
  });

  it('is rejected when the tenant id is not a GUID, naming tenant.id and the value', () => {
    const file = seedWith('tenant-id-not-a-guid', (document) => document.setIn(['tenant', 'id'], 'contoso'));
    assertSeedRejected(file, ['tenant.id', '"contoso"']);
  });

  it('is rejected when a user’s UPN suffix is not one of upnSuffixes, naming the user', () => {
    const file = seedWith('upn-suffix-unknown', (document, shipped) => document.setIn(['activeDirectory', 'users', indexOfUser(shipped, 'sam'), 'userPrincipalName'], 'sam@fabrikam.test'));
    assertSeedRejected(file, ['sam', 'UPN suffix', 'contoso.test', 'litware.test']);
  });

  it('is rejected when a group has a member that is not a user, naming the group and the member', () => {
    const file = seedWith('group-member-unknown', (document, shipped) =>
      document.setIn(['activeDirectory', 'groups', indexOf(shipped.activeDirectory.groups, (group) => group.sAMAccountName, 'Hybrid Users'), 'members'], ['mary', 'nobody']),
    );
    assertSeedRejected(file, ['Hybrid Users', 'nobody']);
  });

  it('is rejected when an event ends before it starts, naming the event, its owner and the times', () => {
    const file = seedWith('event-ends-before-start', (document) => document.setIn(['mailboxes', 'joe@contoso.test', 'calendar', 0, 'end'], '08:30'));
    assertSeedRejected(file, ['Budget review', 'joe@contoso.test', '09:00', '08:30']);
  });

  it('is rejected when an event’s time is not HH:MM', () => {
    const file = seedWith('event-time-not-hhmm', (document) => document.setIn(['mailboxes', 'mary@contoso.test', 'calendar', 0, 'start'], '25:00'));
    assertSeedRejected(file, ['Vendor call', '25:00']);
  });

  it('is rejected when a domain’s authentication is neither Managed nor Federated, naming the domain and the value', () => {
    const file = seedWith('domain-authentication-bad', (document, shipped) =>
      document.setIn(['tenant', 'domains', indexOf(shipped.tenant.domains, (domain) => domain.name, 'litware.test'), 'authentication'], 'PassThrough'),
    );
    assertSeedRejected(file, ['litware.test', 'PassThrough']);
  });

  it('is rejected when the file is not valid YAML, naming the file', () => {
    const file = join(dir, 'unreadable-yaml.yaml');
    writeFileSync(file, 'tenant:\n  id: [7a1c0f2e\n  displayName: "Contoso\n');
    assertSeedRejected(file, [file, 'YAML']);
  });

  it('is rejected when the file does not exist, naming the file', () => {
    const file = join(dir, 'missing.yaml');
    assertSeedRejected(file, [file]);
  });

  it('is rejected when a section is missing', () => {
    const file = seedWith('mailboxes-missing', (document) => document.deleteIn(['mailboxes']));
    assertSeedRejected(file, ['mailboxes']);
  });
});
