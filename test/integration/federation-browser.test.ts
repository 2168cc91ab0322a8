import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { localPlan } from '../../shared/topology/index.ts';
import { launchLabBrowser, reachAdfsFormsPage, signInAtAdfs } from '../support/browser.ts';
import type { startTestLab } from '../support/in-process-lab.ts';
import { lab, startSyncedLab } from '../support/identity.ts';

/**
 * Flow F4 on the local lab, in headless Chromium on the internet: Joe opens OWA, types
 * his name at login.microsoftonline.test, is sent to fs.contoso.test (the edge, then the
 * WAP, then AD FS's forms page), signs in there, and AD FS's SAML answer goes back
 * through /login.srf to his mailbox.
 */
const screenshots = fileURLToPath(new URL('../../artifacts/screenshots/', import.meta.url));

describe('F4: passive federation from the internet, in a real browser', () => {
  let testLab: Awaited<ReturnType<typeof startTestLab>>;

  before(async () => {
    let env: Record<string, string>;
    ({ testLab, env } = await startSyncedLab());
    assert.equal((await lab(['federate', 'contoso.test', '--as', 'corp'], env)).code, 0);
    mkdirSync(screenshots, { recursive: true });
  });
  after(async () => {
    await testLab?.dispose();
  });

  it('Joe goes OWA → azure-auth → AD FS forms page (through edge and WAP) → /login.srf → his mailbox', async () => {
    const { browser, dispose } = await launchLabBrowser(testLab.certsDir, 'internet', localPlan);
    try {
      const page = await browser.newPage();
      await reachAdfsFormsPage(page, 'joe@contoso.test');
      assert.equal(await page.inputValue('#loginForm input[name=UserName]'), 'joe@contoso.test', 'AD FS prefills the name from realm discovery');
      await page.screenshot({ path: `${screenshots}F4-adfs-forms-page.png` });
      await signInAtAdfs(page, 'Joe!Lab2026');
      const text = (await page.textContent('body')) ?? '';
      assert.ok(text.includes('Joe Bloggs') && text.includes('Vendor call notes') && text.includes('Budget review'), text);
      await page.screenshot({ path: `${screenshots}F4-joe-owa.png`, fullPage: true });
    } finally {
      await dispose();
    }
  });

  it('a wrong password keeps Joe on AD FS’s forms page with its error text', async () => {
    const { browser, dispose } = await launchLabBrowser(testLab.certsDir, 'internet', localPlan);
    try {
      const page = await browser.newPage();
      await reachAdfsFormsPage(page, 'joe@contoso.test');
      await page.fill('#loginForm input[name=Password]', 'not-his-password');
      await page.click('#loginForm [type=submit]');
      await page.waitForSelector('#errorText');
      assert.match((await page.textContent('#errorText')) ?? '', /Incorrect user ID or password/);
      assert.match(page.url(), /^https:\/\/fs\.contoso\.test\/adfs\/ls\//);
    } finally {
      await dispose();
    }
  });
});
