import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Browser, authorizeUrl, formFields } from './support/browser.ts';
import { startAzureAuth, type TestAzureAuth } from './support/azure-auth-app.ts';

let lab: TestAzureAuth;
before(async () => {
  lab = await startAzureAuth();
});
after(() => lab.close());

describe('an authorize request is checked before anything is sent anywhere', () => {
  for (const redirect of ['https://evil.test/owa/', 'https://outlook.office365.test/owa/extra', 'https://outlook.office365.test/OWA/', 'http://outlook.office365.test/owa/']) {
    it(`refuses redirect_uri ${redirect} with an error page and never redirects`, async () => {
      const page = await new Browser(lab.app).get(authorizeUrl({ redirect_uri: redirect }));
      assert.equal(page.statusCode, 400);
      assert.equal(page.headers.location, undefined);
      assert.match(page.body, /AADSTS50011/);
      assert.match(page.body, /has not registered/);
      assert.doesNotMatch(page.body, /<form method="post" name="hiddenform"/);
    });
  }

  it('refuses an unknown client_id (AADSTS700016)', async () => {
    const page = await new Browser(lab.app).get(authorizeUrl({ client_id: '11111111-2222-3333-4444-555555555555' }));
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /AADSTS700016/);
  });

  it('refuses a missing redirect_uri', async () => {
    assert.match((await new Browser(lab.app).get(authorizeUrl({ redirect_uri: undefined }))).body, /AADSTS900144.*redirect_uri/s);
  });

  it('requires a nonce when an id_token comes back (OIDC Core §3.3.2.11)', async () => {
    assert.match((await new Browser(lab.app).get(authorizeUrl({ nonce: undefined }))).body, /AADSTS90014/);
  });

  it('takes response_type code without a nonce', async () => {
    const page = await new Browser(lab.app).get(authorizeUrl({ response_type: 'code', nonce: undefined }));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /name="login"/);
  });

  it('refuses response types and modes it does not serve', async () => {
    assert.match((await new Browser(lab.app).get(authorizeUrl({ response_type: 'token' }))).body, /AADSTS70005/);
    assert.match((await new Browser(lab.app).get(authorizeUrl({ response_mode: 'query' }))).body, /AADSTS900352/);
  });

  it('refuses an unknown tenant (AADSTS90002) and takes the tenant id or a verified domain', async () => {
    assert.match((await new Browser(lab.app).get(authorizeUrl({}, 'fabrikam.test'))).body, /AADSTS90002/);
    assert.equal((await new Browser(lab.app).get(authorizeUrl({}, lab.tenantId))).statusCode, 200);
    assert.equal((await new Browser(lab.app).get(authorizeUrl({}, 'contoso.onmicrosoft.test'))).statusCode, 200);
  });

  it('serves sign-in on login.microsoftonline.test only', async () => {
    const elsewhere = await new Browser(lab.app).get(authorizeUrl(), 'adminwebservice.microsoftonline.test');
    assert.equal(elsewhere.statusCode, 404);
  });
});

describe('the sign-in forms refuse posts that did not come from their own page (login CSRF)', () => {
  async function started() {
    const browser = new Browser(lab.app);
    const { canary } = formFields((await browser.get(authorizeUrl())).body);
    return { browser, canary: canary! };
  }

  it('refuses a form without the CSRF token', async () => {
    const { browser } = await started();
    const page = await browser.post('/common/login', { step: 'username', login: 'ann@contoso.onmicrosoft.test' });
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /CSRF_TOKEN_INVALID/);
    assert.match(page.body, /canary\) is missing/);
  });

  it('refuses a form with a wrong CSRF token', async () => {
    const { browser } = await started();
    const page = await browser.post('/common/login', { step: 'username', canary: 'A'.repeat(43), login: 'ann@contoso.onmicrosoft.test' });
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /canary\) is wrong/);
  });

  it("refuses another browser's CSRF token with this browser's flow", async () => {
    const mine = await started();
    const theirs = await started();
    const page = await mine.browser.post('/common/login', { step: 'username', canary: theirs.canary, login: 'ann@contoso.onmicrosoft.test' });
    assert.equal(page.statusCode, 400);
  });

  it('refuses a post from a browser that started no sign-in (no flow cookie)', async () => {
    const { canary } = await started();
    const page = await new Browser(lab.app).post('/common/login', { step: 'username', canary, login: 'ann@contoso.onmicrosoft.test' });
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /SIGN_IN_EXPIRED/);
  });

  it('refuses a sign-in older than its 15 minutes', async () => {
    const { browser, canary } = await started();
    lab.clock.advance(900);
    assert.match((await browser.post('/common/login', { step: 'username', canary, login: 'ann@contoso.onmicrosoft.test' })).body, /SIGN_IN_EXPIRED/);
  });

  it('refuses an unknown step', async () => {
    const { browser, canary } = await started();
    assert.match((await browser.post('/common/login', { step: 'admin', canary })).body, /UNKNOWN_STEP/);
  });
});
