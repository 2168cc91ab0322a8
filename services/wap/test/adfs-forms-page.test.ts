import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabError } from '../../../shared/errors/lab-error.ts';
import { errorPage } from '../../adfs/src/domain/passive/views/error-page.ts';
import { responseFormPage } from '../../adfs/src/domain/passive/views/response-form-page.ts';
import { isAdfsFormsPage, readAdfsFormsPage } from '../src/domain/sign-in-page/adfs-forms-page.ts';
import { adfsFormsPage, fixture, signInAction } from './support/adfs-pages.ts';

function assertUnreadable(html: string, why: RegExp): void {
  assert.throws(
    () => readAdfsFormsPage(html),
    (error: unknown) => {
      assert.ok(error instanceof LabError);
      assert.deepEqual([error.code, error.statusCode, error.hop, error.expose], ['ADFS_SIGN_IN_PAGE_UNREADABLE', 502, 'wap → adfs', true]);
      assert.match(error.message, why);
      return true;
    },
  );
}

describe('reading AD FS’s forms sign-in page', () => {
  it('takes the loginForm action, the hidden fields, the prefilled user name and the relying party from AD FS’s page', () => {
    const page = readAdfsFormsPage(adfsFormsPage());
    assert.equal(page.action, signInAction);
    assert.deepEqual(page.hiddenFields, [
      { name: 'AuthMethod', value: 'FormsAuthentication' },
      { name: 'AntiForgeryToken', value: '1767225600.c2lnbmF0dXJl' },
    ]);
    assert.equal(page.userName, 'joe@contoso.test');
    assert.equal(page.errorText, '');
    assert.equal(page.relyingParty, 'Microsoft Office 365 Identity Platform');
  });

  it('takes AD FS’s error text, decoded', () => {
    const page = readAdfsFormsPage(adfsFormsPage({ errorText: 'Incorrect user ID or password. <Try> "again" & again.' }));
    assert.equal(page.errorText, 'Incorrect user ID or password. <Try> "again" & again.');
  });

  it('decodes hostile values AD FS escaped, so the WAP page can escape them again', () => {
    const action = '/adfs/ls/?wa=wsignin1.0&wtrealm=urn%3afederation%3aMicrosoftOnline&wctx="><script>alert(1)</script>';
    const page = readAdfsFormsPage(adfsFormsPage({ action, userName: `joe"><img src=x onerror=alert(1)>'` }));
    assert.equal(page.action, action);
    assert.equal(page.userName, `joe"><img src=x onerror=alert(1)>'`);
  });

  it('tells AD FS’s forms page from its response form, its error page and other HTML', () => {
    assert.equal(isAdfsFormsPage(adfsFormsPage()), true);
    assert.equal(isAdfsFormsPage(responseFormPage({ nonce: 'n', replyUrl: 'https://login.microsoftonline.test/login.srf', wresult: '<t:RequestSecurityTokenResponse/>', wctx: 'x' })), false);
    assert.equal(isAdfsFormsPage(errorPage({ nonce: 'n', message: 'MSIS7012', code: 'UNKNOWN_RELYING_PARTY', activityId: 'a' })), false);
    assert.equal(isAdfsFormsPage('<p>the loginForm id is documented in client-flows</p>'), false);
  });

  it('refuses a page that does not parse, naming the hop wap → adfs', () => {
    assertUnreadable(fixture('unclosed-form'), /its HTML does not parse/);
    assertUnreadable('', /its HTML does not parse/);
  });

  it('refuses a page without the parts of the form contract the WAP must carry', () => {
    assertUnreadable(fixture('no-user-name'), /0 UserName inputs/);
    assertUnreadable(fixture('no-error-text'), /no element with id errorText/);
    assertUnreadable(fixture('two-login-forms'), /2 of form with id loginForm/);
  });

  it('refuses a loginForm that posts anywhere but /adfs/ls/ on this site', () => {
    assertUnreadable(fixture('foreign-action'), /posts to "https:\/\/attacker\.example\/adfs\/ls\/\?wa=wsignin1\.0", not to \/adfs\/ls\//);
  });
});
