import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readAdfsFormsPage } from '../src/domain/sign-in-page/adfs-forms-page.ts';
import { wapSignInPage } from '../src/domain/sign-in-page/views/sign-in-page.ts';
import { adfsFormsPage, signInAction } from './support/adfs-pages.ts';

/** The WAP's page for an AD FS page, and what a client reading it (with the same parser) finds there. */
function render(adfsHtml: string): { html: string; read: ReturnType<typeof readAdfsFormsPage> } {
  const html = wapSignInPage({ nonce: 'wap-nonce', federationService: 'fs.contoso.test', adfs: readAdfsFormsPage(adfsHtml) });
  return { html, read: readAdfsFormsPage(html) };
}

const occurrences = (html: string, pattern: RegExp) => [...html.matchAll(new RegExp(pattern, 'g'))].length;

describe('the WAP’s own sign-in page', () => {
  it('is the WAP’s: its banner, its title, fs.contoso.test and the relying party in words; not AD FS’s frame', () => {
    const { html } = render(adfsFormsPage());
    assert.match(html, /<title>Sign in · Web Application Proxy<\/title>/);
    assert.match(html, /<header id="wapBanner">Web Application Proxy/);
    assert.match(html, /<h1>Sign in to fs\.contoso\.test<\/h1>/);
    assert.match(html, /You are signing in to <strong id="relyingParty">Microsoft Office 365 Identity Platform<\/strong>/);
    assert.doesNotMatch(html, /Contoso · AD FS/);
    assert.match(html, /<style nonce="wap-nonce">/);
    assert.doesNotMatch(html, /<script|adfs-nonce/);
  });

  it('keeps the form contract of client-flows §1.3: loginForm to AD FS’s action, UserName, Password, Kmsi, AuthMethod, errorText', () => {
    const { html, read } = render(adfsFormsPage());
    assert.equal(read.action, signInAction);
    assert.match(html, /<form method="post" id="loginForm" action="[^"]+">/);
    assert.match(html, /<input id="userNameInput" name="UserName" type="text" value="joe@contoso\.test"/);
    assert.match(html, /<input id="passwordInput" name="Password" type="password" value=""/);
    assert.match(html, /<input id="kmsiInput" name="Kmsi" type="checkbox" value="true">/);
    assert.match(html, /<span id="errorText" class="error" role="alert"><\/span>/);
    assert.match(html, /<button type="submit" id="submitButton">/);
  });

  it('carries AD FS’s hidden fields over, the anti-forgery value unchanged, and AuthMethod only once', () => {
    const { html, read } = render(adfsFormsPage({ antiForgeryValue: '1767225600.bWFj+/=' }));
    assert.deepEqual(read.hiddenFields, [
      { name: 'AuthMethod', value: 'FormsAuthentication' },
      { name: 'AntiForgeryToken', value: '1767225600.bWFj+/=' },
    ]);
    assert.equal(occurrences(html, /name="AuthMethod"/), 1);
  });

  it('shows AD FS’s error text (a wrong password, an extranet lockout) in its own errorText', () => {
    const { html, read } = render(adfsFormsPage({ errorText: 'Incorrect user ID or password. Type the correct user ID and password, and try again.' }));
    assert.equal(read.errorText, 'Incorrect user ID or password. Type the correct user ID and password, and try again.');
    assert.match(html, /<span id="errorText" class="error" role="alert">Incorrect user ID or password\./);
  });

  it('escapes wctx in the action, the user name, the error text and the relying party again (security.md, reflected XSS)', () => {
    const action = `/adfs/ls/?wa=wsignin1.0&wtrealm=urn%3afederation%3aMicrosoftOnline&wctx="><script>alert(1)</script>'`;
    const userName = `joe"><img src=x onerror=alert(1)>'`;
    const errorText = '<b onmouseover=alert(1)>bad</b> & worse';
    const { html, read } = render(adfsFormsPage({ action, userName, errorText, relyingParty: '<i>RP</i>' }));
    assert.deepEqual([read.action, read.userName, read.errorText, read.relyingParty], [action, userName, errorText, '<i>RP</i>']);
    assert.doesNotMatch(html, /<script>|<img |<b |<i>/);
    assert.match(html, /wctx=&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;&#39;"/);
    assert.match(html, /value="joe&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;&#39;"/);
    assert.match(html, /&lt;b onmouseover=alert\(1\)&gt;bad&lt;\/b&gt; &amp; worse/);
  });

  it('names the realm of the request when AD FS’s page does not name the relying party', () => {
    const page = { ...readAdfsFormsPage(adfsFormsPage()), relyingParty: undefined };
    const html = wapSignInPage({ nonce: 'n', federationService: 'fs.contoso.test', adfs: page });
    assert.match(html, /<strong id="relyingParty">urn:federation:MicrosoftOnline<\/strong>/);
  });
});
