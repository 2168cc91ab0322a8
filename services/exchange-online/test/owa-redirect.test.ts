import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createOwaTestBed, startSignIn, type OwaTestBed } from './support/owa-test-bed.ts';

let bed: OwaTestBed;
let app: FastifyInstance;
before(async () => {
  bed = await createOwaTestBed();
  app = await bed.build();
});
after(() => bed.dispose());

describe('GET /owa/ without a session', () => {
  it("redirects with 302 to azure-auth's authorize URL exactly as identity.md documents it", async () => {
    const { response, state, nonce } = await startSignIn(app);
    assert.equal(response.statusCode, 302);
    assert.match(state, /^[A-Za-z0-9_-]{43}$/);
    assert.match(nonce, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(state, nonce);
    assert.equal(
      response.headers.location,
      'https://login.microsoftonline.test/common/oauth2/authorize?client_id=00000002-0000-0ff1-ce00-000000000000&redirect_uri=https%3A%2F%2Foutlook.office365.test%2Fowa%2F' +
        `&resource=00000002-0000-0ff1-ce00-000000000000&response_mode=form_post&response_type=code+id_token&scope=openid&nonce=${nonce}&state=${state}`,
    );
  });

  it('binds the state and nonce to a short-lived HttpOnly, Secure, SameSite=None cookie holding neither', async () => {
    const { response, state, nonce } = await startSignIn(app);
    const cookie = response.cookies.find((candidate) => candidate.name === 'owa-signin');
    assert.ok(cookie);
    assert.deepEqual({ path: cookie.path, httpOnly: cookie.httpOnly, secure: cookie.secure, sameSite: cookie.sameSite, maxAge: cookie.maxAge }, { path: '/owa/', httpOnly: true, secure: true, sameSite: 'None', maxAge: 600 });
    assert.ok(!cookie.value.includes(state) && !cookie.value.includes(nonce));
  });

  it('sends /owa to /owa/', async () => {
    const response = await app.inject({ method: 'GET', url: '/owa' });
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, '/owa/');
  });
});
