import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createReplayCache, extractAssertionFromRstr, verifySaml11Assertion, type VerifiedAssertion } from '../../../shared/saml/verify.ts';
import { elementsNamed } from '../../../shared/xml/dom.ts';
import { parseXml } from '../../../shared/xml/safe-parse.ts';
import { startAdfs, type TestAdfs } from './support/adfs-app.ts';
import { loginSrf, openSignInPage, postForm, realm, signInUrl, tagsOf, textOfId, theForm } from './support/passive-browser.ts';

const issuer = 'http://fs.contoso.test/adfs/services/trust';
/** mary's objectGUID 6d2a4f1e-8b3c-4e5a-9f10-2b3c4d5e6f71 in Guid.ToByteArray order, base64 (seed; usernamemixed test). */
const maryImmutableId = 'Hk8qbTyLWk6fECs8TV5vcQ==';
const incorrect = 'Incorrect user ID or password. Type the correct user ID and password, and try again.';
const wsu = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const wsa = 'http://www.w3.org/2005/08/addressing';

let adfs: TestAdfs;
before(async () => {
  adfs = await startAdfs();
});
after(() => adfs.close());

async function signIn(userName: string, password: string, options: { wctx?: string; headers?: Record<string, string> } = {}) {
  const page = await openSignInPage(adfs, signInUrl(options.wctx === undefined ? {} : { wctx: options.wctx }));
  return postForm(adfs, page, { fields: { UserName: userName, Password: password }, headers: options.headers });
}

function verifiedWresult(wresult: string): VerifiedAssertion {
  return verifySaml11Assertion(extractAssertionFromRstr(wresult), { trustedCertificates: [adfs.tokenSigning.certPem], issuer, audience: realm, now: adfs.clock.now(), replayCache: createReplayCache() });
}

describe('POST /adfs/ls/ refuses a bad logon with the same form and errorText', () => {
  for (const [who, userName, password] of [
    ['a bad password', 'mary@contoso.test', 'wrong'],
    ['an unknown user', 'nobody@contoso.test', 'Mary!Lab2026'],
    ['a disabled account', 'eve@contoso.test', 'Eve!Lab2026'],
    ['an empty password', 'mary@contoso.test', ''],
  ] as const) {
    it(`answers ${who} with 200, loginForm again, UserName kept and the one incorrect-credentials message`, async () => {
      const response = await signIn(userName, password);
      assert.equal(response.statusCode, 200);
      const { form, inputs } = theForm(response.body);
      assert.equal(form.id, 'loginForm');
      assert.equal(inputs.get('UserName')?.value, userName);
      assert.equal(inputs.get('Password')?.value, '');
      assert.equal(textOfId(response.body, 'errorText'), incorrect);
    });
  }

  it("tells pat that the password expired, and where to change it, only with pat's right password", async () => {
    const response = await signIn('pat@contoso.test', 'Pat!Lab2026');
    assert.equal(response.statusCode, 200);
    assert.equal(textOfId(response.body, 'errorText'), 'Your password has expired. Change it at https://fs.contoso.test/adfs/portal/updatepassword/ and then sign in again.');
    assert.equal(textOfId((await signIn('pat@contoso.test', 'wrong')).body, 'errorText'), incorrect);
  });

  it('renders a fresh anti-forgery value with the refused form, which the next POST may use', async () => {
    const page = await openSignInPage(adfs, signInUrl());
    const refused = await postForm(adfs, page, { fields: { UserName: 'mary@contoso.test', Password: 'wrong' } });
    const again = { ...page, response: refused, fields: { ...page.fields, AntiForgeryToken: theForm(refused.body).inputs.get('AntiForgeryToken')!.value! }, cookie: String(refused.headers['set-cookie']).split(';')[0] };
    const accepted = await postForm(adfs, again, { fields: { UserName: 'mary@contoso.test', Password: 'Mary!Lab2026' } });
    assert.equal(theForm(accepted.body).form.name, 'hiddenform');
  });
});

describe('POST /adfs/ls/ signs mary in with the auto-posting response form', () => {
  it('posts wa, wresult and the echoed wctx to login.srf from hiddenform, by script and by a noscript button', async () => {
    const wctx = 'LoginOptions=3&estsredirect=2&"><script>alert(1)</script>';
    const response = await signIn('mary@contoso.test', 'Mary!Lab2026', { wctx });
    assert.equal(response.statusCode, 200, response.body);
    const { form, inputs } = theForm(response.body);
    assert.deepEqual({ method: form.method, name: form.name, action: form.action }, { method: 'POST', name: 'hiddenform', action: loginSrf });
    assert.deepEqual([...inputs.keys()].filter(Boolean), ['wa', 'wresult', 'wctx']);
    assert.equal(inputs.get('wa')?.value, 'wsignin1.0');
    assert.equal(inputs.get('wctx')?.value, wctx);
    assert.doesNotMatch(response.body, /<script>alert/);
    assert.match(response.body, /<noscript>[^]*<input type="submit"[^]*<\/noscript>/);
    const [script] = tagsOf(response.body, 'script');
    assert.match(String(response.headers['content-security-policy']), new RegExp(`script-src 'nonce-${script!.nonce!.replace(/[+/=]/g, '\\$&')}'`));
    assert.match(String(response.headers['content-security-policy']), /form-action 'self' https:\/\/login\.microsoftonline\.test;/);
  });

  it("carries in wresult an RSTR whose assertion verifies against the token-signing certificate, with mary's ImmutableID", async () => {
    const response = await signIn('MARY@contoso.test', 'Mary!Lab2026');
    const wresult = theForm(response.body).inputs.get('wresult')!.value!;
    const verified = verifiedWresult(wresult);
    assert.equal(verified.nameIdentifier, maryImmutableId);
    assert.deepEqual(verified.attributes.get('http://schemas.xmlsoap.org/claims/UPN'), ['mary@contoso.test']);
    assert.equal(verified.authenticationMethod, 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport');
    assert.deepEqual(verified.attributes.get('http://schemas.microsoft.com/ws/2012/01/insidecorporatenetwork'), ['true']);
    assert.equal(verified.notOnOrAfter.getTime() - adfs.clock.now().getTime(), 3600_000);
  });

  it('gives the RSTR a one-hour Lifetime and the realm as AppliesTo', async () => {
    const response = await signIn('mary@contoso.test', 'Mary!Lab2026');
    const rstr = parseXml(theForm(response.body).inputs.get('wresult')!.value!);
    assert.equal(rstr.documentElement?.localName, 'RequestSecurityTokenResponse');
    assert.equal(rstr.documentElement?.namespaceURI, 'http://schemas.xmlsoap.org/ws/2005/02/trust');
    const [created, expires] = [elementsNamed(rstr, wsu, 'Created')[0]?.textContent, elementsNamed(rstr, wsu, 'Expires')[0]?.textContent];
    assert.equal(new Date(expires!).getTime() - new Date(created!).getTime(), 3600_000);
    assert.equal(elementsNamed(rstr, wsa, 'Address')[0]?.textContent, realm);
  });

  it('says insidecorporatenetwork false when the form came through the proxy (X-MS-Proxy)', async () => {
    const response = await signIn('mary@contoso.test', 'Mary!Lab2026', { headers: { 'x-ms-proxy': 'wap', 'x-ms-forwarded-client-ip': '203.0.113.10' } });
    const verified = verifiedWresult(theForm(response.body).inputs.get('wresult')!.value!);
    assert.deepEqual(verified.attributes.get('http://schemas.microsoft.com/ws/2012/01/insidecorporatenetwork'), ['false']);
  });

  it('leaves wctx out of the response form when the request had none', async () => {
    const page = await openSignInPage(adfs, `/adfs/ls/?wa=wsignin1.0&wtrealm=${encodeURIComponent(realm)}`);
    const response = await postForm(adfs, page, { fields: { UserName: 'mary@contoso.test', Password: 'Mary!Lab2026' } });
    assert.deepEqual([...theForm(response.body).inputs.keys()].filter(Boolean), ['wa', 'wresult']);
  });

  it('clears the anti-forgery cookie once the token is issued', async () => {
    const response = await signIn('mary@contoso.test', 'Mary!Lab2026');
    assert.match(String(response.headers['set-cookie']), /^MSISAntiForgery=;.*Expires=Thu, 01 Jan 1970/);
  });
});
