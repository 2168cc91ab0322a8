import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { localPlan } from '../../shared/topology/index.ts';
import { launchLabBrowser, signInToOwa } from '../support/browser.ts';
import { FormClient } from '../support/form-client.ts';
import { clientOn, type startTestLab } from '../support/in-process-lab.ts';
import { startSyncedLab } from '../support/identity.ts';

/**
 * Flows F2 (cloud identity) and F3 (password hash sync) end to end on the local lab:
 * OWA → login.microsoftonline.test → username → password → back to the mailbox page.
 * Once in Debian's headless Chromium, trusting only the lab CA, with screenshots kept
 * in artifacts/screenshots; once as plain HTTP, form by form.
 */
const screenshots = fileURLToPath(new URL('../../artifacts/screenshots/', import.meta.url));
const journeys = [
  { flow: 'F2', user: 'ann@contoso.onmicrosoft.test', password: 'Ann!Lab2026', name: 'Ann Cloud', inbox: 'Your account is ready', event: 'Cloud onboarding' },
  { flow: 'F3', user: 'sam@litware.test', password: 'Sam!Lab2026', name: 'Sam Lee', inbox: 'Lunch?', event: 'Litware sync' },
] as const;

describe('F2 and F3: signing in to OWA in the cloud', () => {
  let testLab: Awaited<ReturnType<typeof startTestLab>>;

  before(async () => {
    ({ testLab } = await startSyncedLab());
    mkdirSync(screenshots, { recursive: true });
  });
  after(async () => {
    await testLab?.dispose();
  });

  for (const journey of journeys) {
    it(`${journey.flow}: ${journey.user} signs in with a real browser and lands on the mailbox page`, async () => {
      const { browser, dispose } = await launchLabBrowser(testLab.certsDir, 'internet', localPlan);
      try {
        const page = await browser.newPage();
        await signInToOwa(page, journey.user, journey.password);
        const text = await page.textContent('body');
        assert.ok(text?.includes(journey.name), `the page greets ${journey.name}`);
        assert.ok(text?.includes(journey.inbox), `the inbox shows "${journey.inbox}"`);
        assert.ok(text?.includes(journey.event), `today's calendar shows "${journey.event}"`);
        await page.screenshot({ path: `${screenshots}${journey.flow}-${journey.user.split('@')[0]}-owa.png`, fullPage: true });
      } finally {
        await dispose();
      }
    });

    it(`${journey.flow}: ${journey.user} signs in with plain HTTP, form by form`, async () => {
      const http = clientOn('internet', testLab.certsDir);
      try {
        const browser = new FormClient(http);
        const usernamePage = await browser.navigate('https://outlook.office365.test/owa/');
        assert.match(usernamePage.url, /^https:\/\/login\.microsoftonline\.test\/common\/oauth2\/authorize\?/);
        const passwordPage = await browser.submit(usernamePage, { login: journey.user });
        assert.match(passwordPage.response.body, /id="passwd"/);
        const formPost = await browser.submit(passwordPage, { passwd: journey.password });
        const mailbox = await browser.submit(formPost, {}, 'outlook.office365.test/owa/');
        assert.equal(mailbox.response.status, 200);
        assert.equal(mailbox.url, 'https://outlook.office365.test/owa/');
        assert.ok(mailbox.response.body.includes(journey.inbox));
      } finally {
        await http.close();
      }
    });
  }

  it('F3: a wrong password keeps Sam on the password page with AADSTS50126', async () => {
    const http = clientOn('internet', testLab.certsDir);
    try {
      const browser = new FormClient(http);
      const passwordPage = await browser.submit(await browser.navigate('https://outlook.office365.test/owa/'), { login: 'sam@litware.test' });
      const refused = await browser.submit(passwordPage, { passwd: 'not-his-password' });
      assert.match(refused.url, /^https:\/\/login\.microsoftonline\.test\//);
      assert.match(refused.response.body, /AADSTS50126/);
    } finally {
      await http.close();
    }
  });
});
