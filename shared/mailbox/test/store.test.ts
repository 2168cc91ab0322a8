import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError, LabError } from '../../errors/lab-error.ts';
import { loadSeed, type Seed } from '../../seed/seed.ts';
import { openMailboxStore, type Mailbox, type MailboxStore } from '../index.ts';

const seed = loadSeed();
const seededAt = new Date('2026-03-02T08:00:00Z');
const owners: Mailbox[] = [
  { primarySmtpAddress: 'joe@contoso.test', displayName: 'Joe Bloggs', location: 'cloud' },
  { primarySmtpAddress: 'Ann@Contoso.onmicrosoft.test', displayName: 'Ann Cloud', location: 'cloud' },
  { primarySmtpAddress: 'nobody-seeded@contoso.test', displayName: 'No Contents', location: 'cloud' },
];

const dirs: string[] = [];
function freshStore(): MailboxStore {
  const dir = mkdtempSync(join(tmpdir(), 'hybrid-lab-mailbox-'));
  dirs.push(dir);
  return openMailboxStore(dir);
}
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('seeding the mailbox store', () => {
  let store: MailboxStore;
  before(() => {
    store = freshStore();
    assert.equal(store.seed(seed, owners, seededAt), 3);
  });
  after(() => store.close());

  it('creates a mailbox per owner, found by primary SMTP address in any case', () => {
    assert.deepEqual(store.mailbox('JOE@contoso.test'), { primarySmtpAddress: 'joe@contoso.test', displayName: 'Joe Bloggs', location: 'cloud' });
    assert.equal(store.mailbox('ann@contoso.onmicrosoft.test')?.displayName, 'Ann Cloud');
  });

  it('hosts only the owners it was given: mary lives on-premises', () => {
    assert.equal(store.mailbox('mary@contoso.test'), undefined);
  });

  it('gives an owner the seed has no contents for an empty mailbox', () => {
    assert.deepEqual(store.inbox('nobody-seeded@contoso.test'), []);
    assert.deepEqual(store.calendarFor('nobody-seeded@contoso.test', seededAt), []);
  });

  it('does nothing once the store has mailboxes, so later edits survive restarts', () => {
    assert.equal(store.seed(seed, [{ primarySmtpAddress: 'sam@litware.test', displayName: 'Sam Lee', location: 'cloud' }], seededAt), 0);
    assert.equal(store.mailbox('sam@litware.test'), undefined);
  });
});

describe('reading a mailbox', () => {
  let store: MailboxStore;
  before(() => {
    store = freshStore();
    store.seed(seed, owners, seededAt);
  });
  after(() => store.close());

  it('lists the inbox newest first, in seed order, an hour apart before seeding', () => {
    const messages = store.inbox('joe@contoso.test');
    assert.deepEqual(messages.map((message) => [message.from, message.subject, message.received.toISOString()]), [
      ['mary@contoso.test', 'Vendor call notes', '2026-03-02T07:00:00.000Z'],
      ['ann@contoso.onmicrosoft.test', 'Welcome to Exchange Online', '2026-03-02T06:00:00.000Z'],
    ]);
    assert.equal(messages[0]?.body, 'Notes from the vendor call are attached.');
  });

  it("puts the seed's HH:MM items on the asked day, in UTC, earliest first, as occurrences of daily items with distinct ids", () => {
    const items = store.calendarFor('joe@contoso.test', new Date('2026-03-02T23:59:00Z'));
    assert.equal(new Set(items.map((item) => item.id)).size, 2);
    assert.deepEqual(items, [
      { id: items[0]?.id, recurring: true, subject: 'Budget review', start: new Date('2026-03-02T09:00:00Z'), end: new Date('2026-03-02T10:00:00Z'), location: 'Room 4.1', organizer: 'joe@contoso.test' },
      { id: items[1]?.id, recurring: true, subject: 'Lunch with Sam', start: new Date('2026-03-02T12:00:00Z'), end: new Date('2026-03-02T13:00:00Z'), location: undefined, organizer: 'joe@contoso.test' },
    ]);
  });

  it('shows the same items on any later lab day, long after seeding', () => {
    const items = store.calendarFor('ann@contoso.onmicrosoft.test', new Date('2027-01-15T00:00:00Z'));
    assert.deepEqual(items.map((item) => [item.subject, item.start.toISOString(), item.end.toISOString()]), [['Cloud onboarding', '2027-01-15T11:00:00.000Z', '2027-01-15T12:00:00.000Z']]);
  });

  it('refuses to read a mailbox that does not exist, with MAILBOX_NOT_FOUND', () => {
    assert.throws(() => store.inbox('mary@contoso.test'), (error: unknown) => error instanceof LabError && error.code === 'MAILBOX_NOT_FOUND' && error.statusCode === 404);
    assert.throws(() => store.calendarFor('mary@contoso.test', seededAt), LabError);
  });
});

describe('calendar permissions', () => {
  let store: MailboxStore;
  before(() => {
    store = freshStore();
    store.seed(seed, owners, seededAt);
  });
  after(() => store.close());

  it('grants the seeded per-user level: mary is Reviewer on joe', () => {
    assert.equal(store.permissionOf('joe@contoso.test', 'Mary@Contoso.test'), 'Reviewer');
  });

  it("falls back to the mailbox's Default level for anyone else", () => {
    assert.equal(store.permissionOf('joe@contoso.test', 'sam@litware.test'), 'AvailabilityOnly');
  });

  it("gives a mailbox without seeded permissions Exchange's Default of AvailabilityOnly", () => {
    assert.equal(store.permissionOf('ann@contoso.onmicrosoft.test', 'joe@contoso.test'), 'AvailabilityOnly');
  });

  it('makes the owner Owner of their own calendar', () => {
    assert.equal(store.permissionOf('joe@contoso.test', 'joe@contoso.test'), 'Owner');
  });

  it('refuses a seed with an unknown permission level, naming LAB_SEED', () => {
    const broken: Seed = { ...seed, mailboxes: { 'joe@contoso.test': { inbox: [], calendar: [], calendarPermissions: { Default: 'PublishingEditor' } } } };
    const other = freshStore();
    assert.throws(() => other.seed(broken, owners, seededAt), (error: unknown) => error instanceof ConfigError && error.setting === 'LAB_SEED' && /PublishingEditor/.test(error.message));
    assert.equal(other.mailbox('joe@contoso.test'), undefined, 'nothing is written when the seed is refused');
    other.close();
  });
});
