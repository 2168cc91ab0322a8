import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { LabError } from '../../../shared/errors/lab-error.ts';
import { cookieOf, createOwaTestBed, formPost, signIn, startSignIn, users, type OwaTestBed } from './support/owa-test-bed.ts';

let bed: OwaTestBed;
let app: FastifyInstance;
before(async () => {
  bed = await createOwaTestBed();
  app = await bed.build();
});
after(() => bed.dispose());

describe('POST /owa/ (the form_post)', () => {
  it('starts a session cookie and redirects to /owa/', async () => {
    const { response, session } = await signIn(bed, app, users.joe);
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, '/owa/');
    const cookie = response.cookies.find((candidate) => candidate.name === 'owa-session');
    assert.deepEqual({ httpOnly: cookie?.httpOnly, secure: cookie?.secure, sameSite: cookie?.sameSite, path: cookie?.path }, { httpOnly: true, secure: true, sameSite: 'Lax', path: '/owa/' });
    assert.ok(session);
  });

  it('redeems the code at the tenant token endpoint with the documented form', async () => {
    bed.fake.calls.length = 0;
    await signIn(bed, app, users.ann);
    const redeem = bed.fake.calls.find((call) => call.method === 'POST');
    assert.equal(redeem?.url, 'https://login.microsoftonline.test/7a1c0f2e-5d4b-4c3a-9e8f-1b2c3d4e5f60/oauth2/token');
    assert.equal(redeem?.form?.get('grant_type'), 'authorization_code');
    assert.equal(redeem?.form?.get('client_id'), '00000002-0000-0ff1-ce00-000000000000');
    assert.equal(redeem?.form?.get('redirect_uri'), 'https://outlook.office365.test/owa/');
    assert.ok(redeem?.form?.get('code'));
  });

  it('refuses a state that is not the one sent from this browser with 400 OWA_STATE_MISMATCH', async () => {
    const started = await startSignIn(app);
    const other = await startSignIn(app);
    const { code, idToken } = await bed.fake.authorize(users.joe, started.nonce);
    const callsBefore = bed.fake.calls.length;
    const response = await formPost(app, { code, id_token: idToken, state: other.state }, started.cookie);
    assert.equal(response.statusCode, 400);
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assert.match(response.body, /<dd id="code">OWA_STATE_MISMATCH<\/dd>/);
    assert.match(response.body, /browser → exchange-online \(state check\)/);
    assert.equal(cookieOf(response, 'owa-session'), undefined);
    assert.equal(bed.fake.calls.length, callsBefore, 'azure-auth is never called: the code is not redeemed');
  });

  it('refuses a form_post without the sign-in cookie with 400 OWA_STATE_UNKNOWN (login CSRF)', async () => {
    const started = await startSignIn(app);
    const { code, idToken } = await bed.fake.authorize(users.joe, started.nonce);
    const response = await formPost(app, { code, id_token: idToken, state: started.state });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /OWA_STATE_UNKNOWN/);
  });

  it('refuses a replayed form_post: the sign-in cookie works once', async () => {
    const started = await startSignIn(app);
    const first = await bed.fake.authorize(users.joe, started.nonce);
    assert.equal((await formPost(app, { code: first.code, id_token: first.idToken, state: started.state }, started.cookie)).statusCode, 302);
    const again = await formPost(app, { code: first.code, id_token: first.idToken, state: started.state }, started.cookie);
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /OWA_STATE_UNKNOWN/);
  });

  it('refuses a sign-in whose state has expired with 400 OWA_STATE_EXPIRED', async () => {
    const started = await startSignIn(app);
    const { code, idToken } = await bed.fake.authorize(users.joe, started.nonce);
    const startedAt = bed.clock.now;
    bed.clock.now = new Date(startedAt.getTime() + 601_000);
    try {
      const response = await formPost(app, { code, id_token: idToken, state: started.state }, started.cookie);
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /OWA_STATE_EXPIRED/);
    } finally {
      bed.clock.now = startedAt;
    }
  });

  it('reports a form_post missing its fields with 400 OWA_FORM_INCOMPLETE', async () => {
    const started = await startSignIn(app);
    const response = await formPost(app, { state: started.state }, started.cookie);
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /the sign-in response lacks code, id_token/);
  });

  it("shows azure-auth's own error when it posts one back, with 401", async () => {
    const started = await startSignIn(app);
    const response = await formPost(app, { error: 'access_denied', error_description: 'AADSTS50126: Invalid username or password.', state: started.state }, started.cookie);
    assert.equal(response.statusCode, 401);
    assert.match(response.body, /OWA_SIGN_IN_REFUSED/);
    assert.match(response.body, /access_denied: AADSTS50126/);
  });

  it('answers 502 with the lab client’s message when azure-auth cannot be reached', async () => {
    const started = await startSignIn(app);
    const { code, idToken } = await bed.fake.authorize(users.joe, started.nonce);
    bed.fake.unreachable = new LabError({ code: 'CONNECT_FAILED', statusCode: 502, message: 'cannot connect to login.microsoftonline.test: ECONNREFUSED', hop: 'exchange-online → login.microsoftonline.test' });
    try {
      const response = await formPost(app, { code, id_token: idToken, state: started.state }, started.cookie);
      assert.equal(response.statusCode, 502);
      assert.match(response.body, /<dd id="hop">exchange-online → azure-auth \(token endpoint\)<\/dd>/);
      assert.match(response.body, /<dd id="reason">cannot connect to login.microsoftonline.test: ECONNREFUSED<\/dd>/);
      assert.match(response.body, /CONNECT_FAILED/);
    } finally {
      bed.fake.unreachable = undefined;
    }
  });

  it('hides an unexpected failure behind an error id, with 500', async () => {
    const started = await startSignIn(app);
    const { code, idToken } = await bed.fake.authorize(users.joe, started.nonce);
    const request = bed.fake.request;
    bed.fake.request = async () => {
      throw new Error('secret internal detail');
    };
    try {
      const response = await formPost(app, { code, id_token: idToken, state: started.state }, started.cookie);
      assert.equal(response.statusCode, 500);
      assert.match(response.body, /an internal error in exchange-online; see its log for error id [0-9a-f-]{36}/);
      assert.doesNotMatch(response.body, /secret internal detail/);
    } finally {
      bed.fake.request = request;
    }
  });

  it('answers 401 OWA_CODE_REFUSED with azure-auth’s error when the code is refused', async () => {
    const started = await startSignIn(app);
    const { idToken } = await bed.fake.authorize(users.joe, started.nonce);
    const response = await formPost(app, { code: 'not-a-code-azure-auth-issued', id_token: idToken, state: started.state }, started.cookie);
    assert.equal(response.statusCode, 401);
    assert.match(response.body, /OWA_CODE_REFUSED/);
    assert.match(response.body, /invalid_grant: AADSTS70008/);
  });

  it('answers 502 AZURE_AUTH_BAD_RESPONSE when the token endpoint answers garbage', async () => {
    const started = await startSignIn(app);
    const { code, idToken } = await bed.fake.authorize(users.joe, started.nonce);
    bed.fake.tokenResponse = { status: 500, body: '<html>oops</html>' };
    try {
      const response = await formPost(app, { code, id_token: idToken, state: started.state }, started.cookie);
      assert.equal(response.statusCode, 502);
      assert.match(response.body, /AZURE_AUTH_BAD_RESPONSE/);
    } finally {
      bed.fake.tokenResponse = undefined;
    }
  });
});
