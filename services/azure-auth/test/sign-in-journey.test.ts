import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { Browser, authorizeUrl, exchangeOnline, formFields, owaRedirect, signIn } from './support/browser.ts';
import { startAzureAuth, type TestAzureAuth } from './support/azure-auth-app.ts';

let lab: TestAzureAuth;
before(async () => {
  lab = await startAzureAuth();
});
after(() => lab.close());

describe('the browser sign-in journey for a cloud user (username, then password, then form_post)', () => {
  it('shows a username page with a CSRF token and no external assets first', async () => {
    const browser = new Browser(lab.app);
    const page = await browser.get(authorizeUrl());
    assert.equal(page.statusCode, 200);
    assert.match(page.headers['content-type'] as string, /^text\/html/);
    assert.match(page.body, /<input type="email" id="login" name="login"/);
    assert.doesNotMatch(page.body, /name="passwd"/);
    assert.match(formFields(page.body).canary ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.doesNotMatch(page.body, /(src|href)="(https?:)?\/\//, 'no external scripts, styles or images');
    assert.match(page.headers['content-security-policy'] as string, /default-src 'none'.*frame-ancestors 'none'/);
    assert.ok(browser.cookies.has('esctx'), 'the flow is bound to this browser by a cookie');
  });

  it('asks for the password of the chosen user on the second page', async () => {
    const browser = new Browser(lab.app);
    const { canary } = formFields((await browser.get(authorizeUrl())).body);
    const page = await browser.post('/common/login', { step: 'username', canary: canary!, login: 'ann@contoso.onmicrosoft.test' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<input type="password" id="passwd" name="passwd"/);
    assert.match(page.body, /ann@contoso\.onmicrosoft\.test/);
  });

  it('auto-posts code, id_token and state to the registered redirect URI and sets the ESTSAUTH session cookie', async () => {
    const browser = new Browser(lab.app);
    const page = await signIn(browser, 'ann@contoso.onmicrosoft.test', 'Ann!Lab2026');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`<form method="post" name="hiddenform" action="${owaRedirect}">`));
    assert.match(page.body, /<script nonce="[^"]+">document\.forms\.hiddenform\.submit\(\);<\/script>/);
    const fields = formFields(page.body);
    assert.ok(fields.code);
    assert.equal(fields.state, 'state-456');
    const session = page.cookies.find((cookie) => cookie.name === 'ESTSAUTH');
    assert.ok(session);
    assert.equal(session.httpOnly, true);
    assert.equal(session.secure, true);
    assert.equal(session.sameSite, 'None');
    assert.ok(!browser.cookies.has('esctx'), 'the finished flow cookie is cleared');
  });

  it('puts the nonce, the client as audience and the code hash in the id_token', async () => {
    const fields = formFields((await signIn(new Browser(lab.app), 'ann@contoso.onmicrosoft.test', 'Ann!Lab2026')).body);
    const claims = decodeJwt(fields.id_token!);
    assert.equal(claims.aud, exchangeOnline);
    assert.equal(claims.nonce, 'nonce-123');
    assert.equal(claims.upn, 'ann@contoso.onmicrosoft.test');
    assert.equal(claims.iss, `https://sts.windows.test/${lab.tenantId}/`);
    assert.equal(typeof claims.c_hash, 'string');
  });

  it('skips the password when the browser has a live session', async () => {
    const browser = new Browser(lab.app);
    await signIn(browser, 'ann@contoso.onmicrosoft.test', 'Ann!Lab2026');
    const page = await browser.get(authorizeUrl({ state: 'second' }));
    assert.equal(formFields(page.body).state, 'second');
    assert.ok(formFields(page.body).code);
  });

  it('asks again when the client sends prompt=login, even with a live session', async () => {
    const browser = new Browser(lab.app);
    await signIn(browser, 'ann@contoso.onmicrosoft.test', 'Ann!Lab2026');
    const page = await browser.get(authorizeUrl({ prompt: 'login', login_hint: 'ann@contoso.onmicrosoft.test' }));
    assert.match(page.body, /name="login" value="ann@contoso\.onmicrosoft\.test"/);
    assert.equal(formFields(page.body).code, undefined);
  });

  it('does not honour a session once its server-side lifetime has passed', async () => {
    const browser = new Browser(lab.app);
    await signIn(browser, 'ann@contoso.onmicrosoft.test', 'Ann!Lab2026');
    lab.clock.advance(86_400);
    const page = await browser.get(authorizeUrl());
    assert.match(page.body, /name="login"/);
  });

  it('lets the user go back and sign in with a different account', async () => {
    const browser = new Browser(lab.app);
    const { canary } = formFields((await browser.get(authorizeUrl())).body);
    await browser.post('/common/login', { step: 'username', canary: canary!, login: 'ann@contoso.onmicrosoft.test' });
    const page = await browser.post('/common/login', { step: 'switch-user', canary: canary! });
    assert.match(page.body, /name="login" value=""/);
  });
});
