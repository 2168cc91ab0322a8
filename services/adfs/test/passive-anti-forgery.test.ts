import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startAdfs, type TestAdfs } from './support/adfs-app.ts';
import { openSignInPage, postForm, signInUrl, textOfId, theForm, type PostOptions } from './support/passive-browser.ts';

let adfs: TestAdfs;
before(async () => {
  adfs = await startAdfs();
});
after(() => adfs.close());

const mary = { UserName: 'mary@contoso.test', Password: 'Mary!Lab2026' };

/** Opens the page, then posts mary's right password with the given changes; the answer must not be a token. */
async function postWith(options: PostOptions, url = signInUrl()) {
  const page = await openSignInPage(adfs, url);
  return postForm(adfs, page, { ...options, fields: { ...mary, ...options.fields } });
}

function assertRefused(response: Awaited<ReturnType<typeof postWith>>, code: string): void {
  assert.equal(response.statusCode, 403, response.body);
  assert.equal(textOfId(response.body, 'errorCode'), code);
  assert.doesNotMatch(response.body, /hiddenform|wresult/);
}

describe('the forms POST is bound to the page AD FS rendered in this browser (login CSRF)', () => {
  it('sets the anti-forgery cookie SameSite=Strict, HttpOnly, Secure, on /adfs/ls/ only, for 10 minutes', async () => {
    const page = await openSignInPage(adfs, signInUrl());
    const cookie = String(page.response.headers['set-cookie']);
    for (const attribute of [/SameSite=Strict/, /HttpOnly/, /Secure/, /Path=\/adfs\/ls\//, /Max-Age=600/]) assert.match(cookie, attribute);
  });

  it('refuses a POST without the anti-forgery cookie, even with the right password', async () => {
    assertRefused(await postWith({ cookie: undefined }), 'ANTI_FORGERY_REJECTED');
  });

  it('refuses a POST without the anti-forgery field', async () => {
    assertRefused(await postWith({ fields: { AntiForgeryToken: undefined } }), 'ANTI_FORGERY_REJECTED');
  });

  it("refuses another browser's cookie with this page's field", async () => {
    const other = await openSignInPage(adfs, signInUrl());
    assertRefused(await postWith({ cookie: other.cookie }), 'ANTI_FORGERY_REJECTED');
  });

  it('refuses a form rendered for one wctx posted with another (the query is bound)', async () => {
    const page = await openSignInPage(adfs, signInUrl({ wctx: 'rendered-for-this' }));
    const swapped = { ...page, action: signInUrl({ wctx: 'posted-with-that' }) };
    assertRefused(await postForm(adfs, swapped, { fields: mary }), 'ANTI_FORGERY_REJECTED');
  });

  it('refuses a form posted more than 10 minutes after it was rendered', async () => {
    const page = await openSignInPage(adfs, signInUrl());
    adfs.clock.advance(601);
    assertRefused(await postForm(adfs, page, { fields: mary }), 'ANTI_FORGERY_REJECTED');
  });

  it('refuses a POST from a foreign Origin or a cross-site page, and takes one from its own origin', async () => {
    assertRefused(await postWith({ headers: { origin: 'https://evil.test' } }), 'CROSS_ORIGIN_POST');
    assertRefused(await postWith({ headers: { origin: 'null' } }), 'CROSS_ORIGIN_POST');
    assertRefused(await postWith({ headers: { 'sec-fetch-site': 'cross-site' } }), 'CROSS_ORIGIN_POST');
    const own = await postWith({ headers: { origin: 'https://fs.contoso.test', 'sec-fetch-site': 'same-origin' } });
    assert.equal(theForm(own.body).form.name, 'hiddenform');
  });

  it('checks the anti-forgery value before the password, so a forged POST learns nothing about it', async () => {
    assertRefused(await postWith({ cookie: undefined, fields: { Password: 'wrong' } }), 'ANTI_FORGERY_REJECTED');
  });

  it('requires AuthMethod=FormsAuthentication', async () => {
    const response = await postWith({ fields: { AuthMethod: 'WindowsAuthentication' } });
    assert.equal(response.statusCode, 400);
    assert.match(textOfId(response.body, 'errorMessage')!, /'AuthMethod' must be FormsAuthentication/);
  });

  it('refuses wa=wsignout1.0 on POST, naming wa', async () => {
    const response = await adfs.app.inject({ method: 'POST', url: '/adfs/ls/?wa=wsignout1.0', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    assert.equal(response.statusCode, 400);
    assert.match(textOfId(response.body, 'errorMessage')!, /'wa' has the unsupported value 'wsignout1.0'/);
  });
});
