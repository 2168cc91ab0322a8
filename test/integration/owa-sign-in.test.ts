import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LabHttpClient } from '../../shared/http/client.ts';
import { FormClient, formsOf } from '../support/form-client.ts';
import { clientOn, startTestLab } from '../support/in-process-lab.ts';

/**
 * A browser on the internet signs in to OWA through the real azure-auth (identity.md,
 * flows F1–F3): /owa/ → authorize → username → password → form_post → mailbox page.
 * Plain HTTP requests, a cookie jar, and the forms parsed from each page.
 */
describe('OWA sign-in through the real azure-auth on the local lab', () => {
  let lab: Awaited<ReturnType<typeof startTestLab>>;
  let internet: LabHttpClient;

  before(async () => {
    lab = await startTestLab();
    internet = clientOn('internet', lab.certsDir);
  });
  after(async () => {
    await internet?.close();
    await lab?.dispose();
  });

  /** The whole journey for a managed user; returns the page /owa/ shows at the end. */
  async function signIn(upn: string, password: string) {
    const user = new FormClient(internet);
    const first = await user.send('https://outlook.office365.test/owa/');
    assert.equal(first.status, 302);
    assert.match(String(first.headers.location), /^https:\/\/login\.microsoftonline\.test\/common\/oauth2\/authorize\?client_id=00000002-0000-0ff1-ce00-000000000000&/);
    const usernamePage = await user.navigate(String(first.headers.location));
    const passwordPage = await user.submit(usernamePage, { login: upn });
    const formPostPage = await user.submit(passwordPage, { passwd: password });
    const formPost = formsOf(formPostPage.response.body, formPostPage.url)[0];
    assert.equal(formPost?.action, 'https://outlook.office365.test/owa/');
    for (const field of ['code', 'id_token', 'state']) assert.ok(formPost.fields[field], `the form_post carries ${field}`);
    const landed = await user.send(formPost.action, { method: 'POST', form: formPost.fields });
    assert.equal(landed.status, 302, landed.body);
    assert.equal(landed.headers.location, '/owa/');
    return (await user.navigate('https://outlook.office365.test/owa/')).response;
  }

  it("ann (a managed cloud user) signs in and sees her inbox and today's calendar", async () => {
    const page = await signIn('ann@contoso.onmicrosoft.test', 'Ann!Lab2026');
    assert.equal(page.status, 200, page.body);
    assert.match(page.body, /<strong>Ann Cloud<\/strong> <span>&lt;ann@contoso\.onmicrosoft\.test&gt;<\/span>/);
    assert.match(page.body, /<td>admin@contoso\.onmicrosoft\.test<\/td><td>Your account is ready<\/td>/);
    assert.match(page.body, /<td>Cloud onboarding<\/td>/);
  });

  it('the administrator, who has no mailbox, signs in and is told so', async () => {
    const page = await signIn('admin@contoso.onmicrosoft.test', 'Admin!Lab2026');
    assert.equal(page.status, 404);
    assert.match(page.body, /no Exchange Online mailbox for this account/);
  });
});
