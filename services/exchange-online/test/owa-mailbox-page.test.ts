import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createOwaTestBed, owaPage, signIn, users, type OwaTestBed } from './support/owa-test-bed.ts';
import type { TestUser } from './support/fake-azure-auth.ts';

let bed: OwaTestBed;
let app: FastifyInstance;
before(async () => {
  bed = await createOwaTestBed({ now: new Date('2026-03-02T08:30:00Z') });
  app = await bed.build();
});
after(() => bed.dispose());

async function pageOf(user: TestUser): Promise<LightMyRequestResponse> {
  const { session } = await signIn(bed, app, user);
  assert.ok(session, 'signed in');
  return owaPage(app, session);
}

/** The rows of the table under the section headed `heading`, as cell texts. */
function rowsOf(page: string, heading: string): string[][] {
  const section = page.split('<section').find((part) => part.includes(`>${heading}</h2>`)) ?? '';
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(section)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((cell) => cell[1]!.replace(/<[^>]+>/g, '')));
}

describe("joe's mailbox page", () => {
  let page: LightMyRequestResponse;
  before(async () => {
    page = await pageOf(users.joe);
  });

  it('is a self-contained HTML page that cannot be framed or run scripts', () => {
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html; charset=utf-8/);
    assert.match(String(page.headers['content-security-policy']), /default-src 'none'.*frame-ancestors 'none'/);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.doesNotMatch(page.body, /<script|<link|src=|https?:\/\/(?!login)/);
  });

  it("names the user and the mailbox's address", () => {
    assert.match(page.body, /<strong>Joe Bloggs<\/strong> <span>&lt;joe@contoso.test&gt;<\/span>/);
  });

  it('lists the seeded inbox with from, subject and received time', () => {
    assert.deepEqual(rowsOf(page.body, 'Inbox'), [
      ['mary@contoso.test', 'Vendor call notes', '2026-03-02 07:30 UTC'],
      ['ann@contoso.onmicrosoft.test', 'Welcome to Exchange Online', '2026-03-02 06:30 UTC'],
    ]);
  });

  it("lists today's seeded events with time range, subject and location", () => {
    assert.match(page.body, /Today's calendar/);
    assert.match(page.body, /Monday, 2 March 2026 \(UTC\)/);
    assert.deepEqual(rowsOf(page.body, "Today's calendar"), [
      ['09:00–10:00', 'Budget review', 'Room 4.1'],
      ['12:00–13:00', 'Lunch with Sam', ''],
    ]);
  });

  it('shows the same events on the next lab day', async () => {
    const today = bed.clock.now;
    bed.clock.now = new Date('2026-03-03T07:00:00Z');
    try {
      const next = await pageOf(users.joe);
      assert.match(next.body, /Tuesday, 3 March 2026/);
      assert.match(next.body, /<time datetime="2026-03-03T09:00:00.000Z">09:00<\/time>/);
    } finally {
      bed.clock.now = today;
    }
  });
});

describe('other users', () => {
  it("shows ann, a cloud-only user, her own mailbox", async () => {
    const page = await pageOf(users.ann);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<strong>Ann Cloud<\/strong> <span>&lt;ann@contoso.onmicrosoft.test&gt;<\/span>/);
    assert.deepEqual(rowsOf(page.body, 'Inbox'), [['admin@contoso.onmicrosoft.test', 'Your account is ready', '2026-03-02 07:30 UTC']]);
    assert.deepEqual(rowsOf(page.body, "Today's calendar"), [['11:00–12:00', 'Cloud onboarding', '']]);
  });

  it('tells mary, whose mailbox is on-premises, that she has no mailbox here', async () => {
    const page = await pageOf(users.mary);
    assert.equal(page.statusCode, 404);
    assert.match(page.body, /<h2>No mailbox<\/h2>/);
    assert.match(page.body, /You signed in as <strong>mary@contoso.test<\/strong>, but there is no Exchange Online mailbox for this account/);
    assert.doesNotMatch(page.body, /Inbox/);
  });
});

describe('seeded text with markup', () => {
  it('is shown as text, never as HTML', async () => {
    const hostile = await createOwaTestBed({ seedFile: fileURLToPath(new URL('./fixtures/seed.markup-in-mailbox.yaml', import.meta.url)) });
    try {
      const hostileApp = await hostile.build();
      const { session } = await signIn(hostile, hostileApp, users.ann);
      const page = await owaPage(hostileApp, session!);
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /<script|<img/);
      assert.ok(page.body.includes('<td>&#60;script&#62;alert(&#39;subject&#39;)&#60;/script&#62;</td>'));
      assert.ok(page.body.includes('<td>&#60;img src=x onerror=alert(1)&#62;</td><td>&#34;&#62;&#60;b&#62;</td>'));
      assert.ok(page.body.includes('<strong>Ann &#60;b&#62;Cloud&#60;/b&#62; &#38; Co</strong>'));
    } finally {
      await hostile.dispose();
    }
  });
});

describe('/_lab/state', () => {
  it('lists the cloud mailboxes exchange-online hosts', async () => {
    const state = (await app.inject({ method: 'GET', url: '/_lab/state' })).json();
    assert.deepEqual(state.state.mailboxes, ['ann@contoso.onmicrosoft.test', 'joe@contoso.test', 'sam@litware.test']);
    assert.equal(typeof state.state.owaSessions, 'number');
  });
});
