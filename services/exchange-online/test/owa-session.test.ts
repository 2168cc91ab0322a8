import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createOwaTestBed, owaPage, signIn, users, type OwaTestBed } from './support/owa-test-bed.ts';

let bed: OwaTestBed;
let app: FastifyInstance;
before(async () => {
  bed = await createOwaTestBed();
  app = await bed.build();
});
after(() => bed.dispose());

describe('the OWA session', () => {
  it('survives an app rebuild on the same state directory', async () => {
    const { session } = await signIn(bed, app, users.joe);
    await app.close();
    app = await bed.build();
    const page = await owaPage(app, session!);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Joe Bloggs/);
  });

  it('ends at /owa/logoff: the cookie is cleared and the old value no longer works', async () => {
    const { session } = await signIn(bed, app, users.ann);
    const logoff = await owaPage(app, session!, '/owa/logoff');
    assert.equal(logoff.statusCode, 200);
    assert.match(logoff.body, /You have signed out/);
    assert.equal(logoff.cookies.find((cookie) => cookie.name === 'owa-session')?.value, '');
    const after = await owaPage(app, session!);
    assert.equal(after.statusCode, 302);
    assert.match(String(after.headers.location), /^https:\/\/login\.microsoftonline\.test\/common\/oauth2\/authorize\?/);
  });

  it('expires after 8 hours', async () => {
    const { session } = await signIn(bed, app, users.ann);
    const startedAt = bed.clock.now;
    bed.clock.now = new Date(startedAt.getTime() + 8 * 3600_000);
    try {
      assert.equal((await owaPage(app, session!)).statusCode, 302);
    } finally {
      bed.clock.now = startedAt;
    }
  });

  it('ignores a session cookie it never issued', async () => {
    assert.equal((await owaPage(app, 'forged-session-id')).statusCode, 302);
  });
});
