import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { Agent } from 'node:https';
import type { LookupFunction } from 'node:net';
import { fileURLToPath } from 'node:url';
import httpntlm, { type NtlmResponse } from 'httpntlm';
import { loadLabCa } from '../../shared/pki/index.ts';
import { extractAssertionFromRstr } from '../../shared/saml/verify.ts';
import { addressOf, localPlan } from '../../shared/topology/index.ts';
import { launchLabBrowser, reachAdfsFormsPage } from '../support/browser.ts';
import { FormClient, formsOf } from '../support/form-client.ts';
import { clientOn, type startTestLab } from '../support/in-process-lab.ts';
import { startFederatedLab } from '../support/identity.ts';

/**
 * Flow F5 on the local lab: passive federation from corp with Windows integrated
 * sign-in. fs.contoso.test is AD FS itself from corp; AD FS challenges with Negotiate
 * and NTLM, passes the AUTHENTICATE_MESSAGE through to the dc, and its assertion says
 * insidecorporatenetwork=true and AuthenticationMethod windows. azure-auth and OWA are
 * reached through the edge's forward proxy, as from client-int.
 */
const screenshots = fileURLToPath(new URL('../../artifacts/screenshots/', import.meta.url));
const chromeUserAgent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

const attribute = (assertion: string, name: string): string | undefined => new RegExp(`AttributeName="${name}"[^>]*><saml:AttributeValue>([^<]+)<`).exec(assertion)?.[1];
const decode = (value: string): string => value.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Corp's DNS view for the one name httpntlm dials: fs.contoso.test is AD FS. */
function corpLookup(): LookupFunction {
  const address = addressOf('adfs', 'corp', localPlan);
  return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (hostname !== 'fs.contoso.test') return callback(Object.assign(new Error(`${hostname} is not in this test's view`), { code: 'ENOTFOUND' }));
    if (options.all) return callback(null, [{ address, family: 4 }]);
    return callback(null, address, 4);
  }) as LookupFunction;
}

function ntlmGet(url: string, certsDir: string, password: string): Promise<NtlmResponse> {
  return new Promise((resolve, reject) => {
    httpntlm.get(
      { url, username: 'joe', password, domain: 'CONTOSO', workstation: 'CLIENT-INT', headers: { 'user-agent': chromeUserAgent }, agent: new Agent({ keepAlive: true, maxSockets: 1, ca: loadLabCa(certsDir), lookup: corpLookup() }) },
      (error, response) => (error ? reject(error) : resolve(response)),
    );
  });
}

describe('F5: passive federation from corp with Windows integrated sign-in', () => {
  let testLab: Awaited<ReturnType<typeof startTestLab>>;

  before(async () => {
    ({ testLab } = await startFederatedLab());
    mkdirSync(screenshots, { recursive: true });
  });
  after(async () => {
    await testLab?.dispose();
  });

  /** OWA → azure-auth's username page → the AD FS URL azure-auth sends Joe to, as a corp browser sees it. */
  async function adfsUrlFor(user: FormClient, upn: string): Promise<string> {
    const usernamePage = await user.navigate('https://outlook.office365.test/owa/');
    const form = formsOf(usernamePage.response.body, usernamePage.url)[0]!;
    let response = await user.send(form.action, { method: 'POST', form: { ...form.fields, login: upn } });
    let url = form.action;
    for (let hops = 0; hops < 5 && response.status >= 300 && response.status < 400; hops += 1) {
      url = new URL(String(response.headers.location), url).toString();
      if (url.startsWith('https://fs.contoso.test/')) return url;
      response = await user.send(url);
    }
    throw new Error(`azure-auth did not send ${upn} to AD FS; it answered ${response.status} at ${url}`);
  }

  it('an NTLM HTTP client (httpntlm) on corp signs Joe in without a password form; the assertion says insidecorporatenetwork=true, windows', async () => {
    const corp = clientOn('corp', testLab.certsDir);
    try {
      const user = new FormClient(corp);
      const adfsUrl = await adfsUrlFor(user, 'joe@contoso.test');
      const answer = await ntlmGet(adfsUrl, testLab.certsDir, 'Joe!Lab2026');
      assert.equal(answer.statusCode, 200, answer.body);
      const [hiddenForm] = formsOf(answer.body, adfsUrl);
      assert.equal(hiddenForm?.action, 'https://login.microsoftonline.test/login.srf');
      const assertion = extractAssertionFromRstr(decode(hiddenForm.fields.wresult!));
      assert.equal(attribute(assertion, 'insidecorporatenetwork'), 'true');
      assert.equal(attribute(assertion, 'UPN'), 'joe@contoso.test');
      assert.match(assertion, /AuthenticationMethod="urn:federation:authentication:windows"/);
      assert.equal(attribute(assertion, 'authnmethodsreferences'), 'http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/windows');
      // /login.srf → the form_post to OWA → the mailbox.
      const formPostPage = await user.navigate(hiddenForm.action, { method: 'POST', form: hiddenForm.fields });
      const formPost = formsOf(formPostPage.response.body, formPostPage.url)[0];
      assert.equal(formPost?.action, 'https://outlook.office365.test/owa/', formPostPage.response.body.slice(0, 400));
      // azure-auth maps AuthenticationMethod windows to amr wia (verify-assertion.ts).
      const idToken = JSON.parse(Buffer.from(formPost.fields.id_token!.split('.')[1]!, 'base64url').toString('utf8')) as { amr?: string[] };
      assert.deepEqual(idToken.amr, ['wia', 'fed']);
      await user.send(formPost.action, { method: 'POST', form: formPost.fields });
      const mailbox = await user.navigate('https://outlook.office365.test/owa/');
      assert.equal(mailbox.response.status, 200);
      assert.match(mailbox.response.body, /Joe Bloggs/);
    } finally {
      await corp.close();
    }
  });

  it('a wrong Windows password gets a new challenge and the page says why, with a link to forms sign-in', async () => {
    const corp = clientOn('corp', testLab.certsDir);
    try {
      const adfsUrl = await adfsUrlFor(new FormClient(corp), 'joe@contoso.test');
      const answer = await ntlmGet(adfsUrl, testLab.certsDir, 'not-his-password');
      assert.equal(answer.statusCode, 401);
      // Node joins repeated WWW-Authenticate headers with ", ".
      assert.deepEqual(String(answer.headers['www-authenticate']).split(/,\s*/), ['Negotiate', 'NTLM']);
      assert.match(answer.body, /Windows sign-in failed: incorrect user ID or password/);
      assert.match(answer.body, /id="formsSignInLink" href="\/adfs\/ls\/\?[^"]*wauth=urn%3Aoasis%3Anames%3Atc%3ASAML%3A1.0%3Aam%3Apassword/);
    } finally {
      await corp.close();
    }
  });

  it('Chromium on corp: Joe goes OWA → azure-auth → AD FS (Windows sign-in, no password form) → his mailbox', async () => {
    const { browser, dispose } = await launchLabBrowser(testLab.certsDir, 'corp', localPlan);
    try {
      // A domain-joined workstation answers the challenge with the logged-on user; here Playwright does.
      const context = await browser.newContext({ httpCredentials: { username: 'CONTOSO\\joe', password: 'Joe!Lab2026', origin: 'https://fs.contoso.test' } });
      const page = await context.newPage();
      // Playwright answers the 401s itself, so the page sees AD FS's final answer and what it posts on.
      const adfsAnswers: string[] = [];
      let loginSrfPost = '';
      page.on('response', (response) => {
        if (response.url().startsWith('https://fs.contoso.test/adfs/ls/')) adfsAnswers.push(`${response.request().method()} ${response.status()}`);
      });
      page.on('request', (request) => {
        if (request.url() === 'https://login.microsoftonline.test/login.srf') loginSrfPost = request.postData() ?? '';
      });
      await page.goto('https://outlook.office365.test/owa/');
      await page.fill('#login', 'joe@contoso.test');
      await page.click('button[type=submit]');
      await page.waitForURL('https://outlook.office365.test/owa/', { timeout: 20_000 });
      await page.getByRole('heading', { name: 'Inbox' }).waitFor();
      const text = (await page.textContent('body')) ?? '';
      assert.ok(text.includes('Joe Bloggs'), text);
      // AD FS answered one GET with the auto-posting response form: no password form was shown or posted.
      assert.deepEqual(adfsAnswers, ['GET 200']);
      const assertion = extractAssertionFromRstr(new URLSearchParams(loginSrfPost).get('wresult') ?? '');
      assert.equal(attribute(assertion, 'insidecorporatenetwork'), 'true');
      assert.match(assertion, /AuthenticationMethod="urn:federation:authentication:windows"/);
      await page.screenshot({ path: `${screenshots}F5-joe-owa-windows-sign-in.png`, fullPage: true });
    } finally {
      await dispose();
    }
  });

  it('from the internet (edge → WAP) AD FS offers no Windows sign-in: the forms page, as in F4', async () => {
    const { browser, dispose } = await launchLabBrowser(testLab.certsDir, 'internet', localPlan);
    try {
      const context = await browser.newContext({ httpCredentials: { username: 'CONTOSO\\joe', password: 'Joe!Lab2026', origin: 'https://fs.contoso.test' } });
      const page = await context.newPage();
      await reachAdfsFormsPage(page, 'joe@contoso.test');
      assert.equal(await page.locator('#loginForm input[name=Password]').count(), 1);
    } finally {
      await dispose();
    }
  });
});
