import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startAdfs, type TestAdfs } from './support/adfs-app.ts';
import { loginSrf, lsUrl, openSignInPage, realm, signInUrl, tagsOf, textOfId, theForm } from './support/passive-browser.ts';

let adfs: TestAdfs;
before(async () => {
  adfs = await startAdfs();
});
after(() => adfs.close());

const get = (url: string) => adfs.app.inject({ method: 'GET', url });

describe('GET /adfs/ls/?wa=wsignin1.0 shows the forms sign-in page', () => {
  it('has loginForm posting to the same URL and query, with UserName, Password, Kmsi, AuthMethod and an empty errorText', async () => {
    const url = signInUrl();
    const page = await openSignInPage(adfs, url);
    assert.equal(page.response.statusCode, 200);
    assert.match(String(page.response.headers['content-type']), /^text\/html/);
    const { form, inputs } = theForm(page.response.body);
    assert.deepEqual({ method: form.method, id: form.id, action: form.action }, { method: 'post', id: 'loginForm', action: url });
    assert.equal(inputs.get('UserName')?.type, 'text');
    assert.equal(inputs.get('Password')?.type, 'password');
    assert.deepEqual([inputs.get('Kmsi')?.type, inputs.get('Kmsi')?.value], ['checkbox', 'true']);
    assert.deepEqual([inputs.get('AuthMethod')?.type, inputs.get('AuthMethod')?.value], ['hidden', 'FormsAuthentication']);
    assert.equal(inputs.get('AntiForgeryToken')?.type, 'hidden');
    assert.equal(textOfId(page.response.body, 'errorText'), '');
  });

  it('prefills UserName from username, else from login_hint', async () => {
    assert.equal((await openSignInPage(adfs, signInUrl({ username: 'mary@contoso.test' }))).fields.UserName, 'mary@contoso.test');
    assert.equal((await openSignInPage(adfs, signInUrl({ login_hint: 'joe@contoso.test' }))).fields.UserName, 'joe@contoso.test');
    assert.equal((await openSignInPage(adfs, signInUrl())).fields.UserName, '');
  });

  it('sends a nonce CSP with no external sources, X-Frame-Options DENY and no-store, and loads no external assets', async () => {
    const response = await get(signInUrl());
    const csp = String(response.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /form-action 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(response.headers['x-frame-options'], 'DENY');
    assert.equal(response.headers['cache-control'], 'no-store');
    assert.deepEqual([tagsOf(response.body, 'script'), tagsOf(response.body, 'link'), tagsOf(response.body, 'img')], [[], [], []]);
  });

  it('accepts a wreply that is the trust\'s registered reply URL', async () => {
    assert.equal((await get(signInUrl({ wreply: loginSrf }))).statusCode, 200);
  });
});

describe('GET /adfs/ls/ refuses what it cannot trust with an HTML error page, never a redirect', () => {
  it('shows MSIS7007 for an unknown realm', async () => {
    const response = await get(lsUrl({ wa: 'wsignin1.0', wtrealm: 'urn:federation:Elsewhere', wctx: 'x' }));
    assert.equal(response.statusCode, 400);
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assert.equal(textOfId(response.body, 'errorCode'), 'UNKNOWN_RELYING_PARTY');
    assert.match(textOfId(response.body, 'errorMessage')!, /MSIS7007: The requested relying party trust 'urn:federation:Elsewhere'/);
  });

  for (const wreply of ['https://evil.test/login.srf', 'https://login.microsoftonline.test/login.srf/../evil', 'https://LOGIN.microsoftonline.test/login.srf', `${loginSrf}?x=1`]) {
    it(`refuses the foreign wreply ${wreply} without redirecting to it`, async () => {
      const response = await get(signInUrl({ wreply }));
      assert.equal(response.statusCode, 400);
      assert.equal(response.headers.location, undefined);
      assert.equal(textOfId(response.body, 'errorCode'), 'UNREGISTERED_REPLY_URL');
      assert.deepEqual(tagsOf(response.body, 'form'), []);
    });
  }

  it('names wtrealm when it is missing, and wa when it is missing or unknown', async () => {
    const missingRealm = await get(lsUrl({ wa: 'wsignin1.0', wctx: 'x' }));
    assert.equal(missingRealm.statusCode, 400);
    assert.match(textOfId(missingRealm.body, 'errorMessage')!, /the parameter 'wtrealm' is missing/);
    const missingWa = await get(lsUrl({ wtrealm: realm }));
    assert.match(textOfId(missingWa.body, 'errorMessage')!, /the parameter 'wa' is missing/);
    const unknownWa = await get(lsUrl({ wa: 'wattr1.0', wtrealm: realm }));
    assert.equal(unknownWa.statusCode, 400);
    assert.match(textOfId(unknownWa.body, 'errorMessage')!, /the parameter 'wa' has the unsupported value 'wattr1.0'/);
  });

  it('refuses a parameter given twice rather than picking one', async () => {
    const response = await get(`${signInUrl()}&wreply=${encodeURIComponent('https://evil.test/')}&wreply=${encodeURIComponent(loginSrf)}`);
    assert.equal(response.statusCode, 400);
    assert.match(textOfId(response.body, 'errorMessage')!, /'wreply' is given more than once/);
  });
});

describe('wctx is capped and never reflected as markup', () => {
  it('keeps "><script> in wctx inert: the form action carries it encoded and the page has no script', async () => {
    const wctx = '"><script>alert(1)</script>';
    const response = await get(signInUrl({ wctx, username: '"><img src=x onerror=alert(1)>' }));
    assert.equal(response.statusCode, 200);
    assert.doesNotMatch(response.body, /<script|<img/i);
    const { form, inputs } = theForm(response.body);
    assert.equal(new URL(form.action!, 'https://fs.contoso.test').searchParams.get('wctx'), wctx);
    assert.equal(inputs.get('UserName')?.value, '"><img src=x onerror=alert(1)>');
  });

  it('takes a wctx of 2048 characters and refuses one of 2049, naming wctx', async () => {
    assert.equal((await get(signInUrl({ wctx: 'a'.repeat(2048) }))).statusCode, 200);
    const response = await get(signInUrl({ wctx: 'a'.repeat(2049) }));
    assert.equal(response.statusCode, 400);
    assert.match(textOfId(response.body, 'errorMessage')!, /'wctx' is longer than 2048 characters/);
  });
});
