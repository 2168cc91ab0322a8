import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { localPlan } from '../../shared/topology/index.ts';
import { launchLabBrowser, reachAdfsFormsPage, signInAtAdfs } from '../support/browser.ts';
import type { startTestLab } from '../support/in-process-lab.ts';
import { startFederatedLab } from '../support/identity.ts';

/**
 * Flow F4 on the local lab, in headless Chromium on the internet: Joe opens OWA, types
 * his name at login.microsoftonline.test, is sent to fs.contoso.test (the edge, then the
 * WAP's own sign-in page in front of AD FS), signs in there, and AD FS's SAML answer goes back
 * through /login.srf to his mailbox.
 */
const screenshots = fileURLToPath(new URL('../../artifacts/screenshots/', import.meta.url));

describe('F4: passive federation from the internet, in a real browser', () => {
  let testLab: Awaited<ReturnType<typeof startTestLab>>;

  before(async () => {
    ({ testLab } = await startFederatedLab());
    mkdirSync(screenshots, { recursive: true });
  });
  after(async () => {
    await testLab?.dispose();
  });

  it('Joe goes OWA → azure-auth → the WAP’s sign-in page for AD FS (through the edge) → /login.srf → his mailbox', async () => {
    const { browser, dispose } = await launchLabBrowser(testLab.certsDir, 'internet', localPlan);
    try {
      const page = await browser.newPage();
      await reachAdfsFormsPage(page, 'joe@contoso.test');
      assert.match((await page.textContent('#wapBanner')) ?? '', /Web Application Proxy/, 'from the internet the sign-in page is the WAP’s');
      assert.equal(await page.title(), 'Sign in · Web Application Proxy');
      assert.equal(await page.inputValue('#loginForm input[name=UserName]'), 'joe@contoso.test', 'AD FS prefills the name from realm discovery; the WAP carries it');
      await page.screenshot({ path: `${screenshots}F4-wap-sign-in-page.png` });
      await signInAtAdfs(page, 'Joe!Lab2026');
      const text = (await page.textContent('body')) ?? '';
      assert.ok(text.includes('Joe Bloggs') && text.includes('Vendor call notes') && text.includes('Budget review'), text);
      await page.screenshot({ path: `${screenshots}F4-joe-owa.png`, fullPage: true });
    } finally {
      await dispose();
    }
  });

  it('a wrong password keeps Joe on the WAP’s sign-in page with AD FS’s error text', async () => {
    const { browser, dispose } = await launchLabBrowser(testLab.certsDir, 'internet', localPlan);
    try {
      const page = await browser.newPage();
      await reachAdfsFormsPage(page, 'joe@contoso.test');
      await page.fill('#loginForm input[name=Password]', 'not-his-password');
      await page.click('#loginForm [type=submit]');
      await page.waitForSelector('#errorText');
      assert.match((await page.textContent('#errorText')) ?? '', /Incorrect user ID or password/);
      assert.equal(await page.title(), 'Sign in · Web Application Proxy');
      assert.match(page.url(), /^https:\/\/fs\.contoso\.test\/adfs\/ls\//);
    } finally {
      await dispose();
    }
  });
});
