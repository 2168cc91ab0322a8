import assert from 'node:assert/strict';
import type { LabHttpClient, LabResponse } from '../../shared/http/client.ts';
import { FormClient, formsOf, type Form } from './form-client.ts';

/**
 * Flow F4 as plain HTTP (docs/federation.md): OWA → azure-auth's username page → redirect
 * to AD FS's forms page (from the internet: edge → WAP → AD FS) → the auto-posting form
 * with `wresult` → /login.srf → OWA's form_post → the mailbox page. Each step asserts
 * where it landed, so a broken hop fails here with the page it reached.
 */
export interface PassiveJourney {
  /** AD FS's auto-posting response form: `wa`, `wresult` (the RSTR) and `wctx`. */
  readonly adfsResponse: Form;
  /** What /owa/ shows at the end. */
  readonly mailboxPage: LabResponse;
}

function only(page: { url: string; response: LabResponse }, what: string): Form {
  const form = formsOf(page.response.body, page.url)[0];
  assert.ok(form, `${what}: no form on ${page.url} (status ${page.response.status}):\n${page.response.body.slice(0, 400)}`);
  return form;
}

export async function passiveFederatedSignIn(http: LabHttpClient, upn: string, password: string): Promise<PassiveJourney> {
  const user = new FormClient(http);
  const usernamePage = await user.navigate('https://outlook.office365.test/owa/');
  const adfsPage = await user.submit(usernamePage, { login: upn });
  assert.match(adfsPage.url, /^https:\/\/fs\.contoso\.test\/adfs\/ls\//, `home-realm discovery sends ${upn} to AD FS`);
  const responsePage = await user.submit(adfsPage, { UserName: upn, Password: password });
  const adfsResponse = only(responsePage, 'AD FS response');
  assert.equal(adfsResponse.action, 'https://login.microsoftonline.test/login.srf', `AD FS accepted ${upn}'s password:\n${responsePage.response.body.slice(0, 400)}`);
  const formPostPage = await user.navigate(adfsResponse.action, { method: 'POST', form: adfsResponse.fields });
  const formPost = only(formPostPage, '/login.srf');
  assert.equal(formPost.action, 'https://outlook.office365.test/owa/', `/login.srf accepted the assertion:\n${formPostPage.response.body.slice(0, 400)}`);
  await user.navigate(formPost.action, { method: 'POST', form: formPost.fields });
  const mailboxPage = (await user.navigate('https://outlook.office365.test/owa/')).response;
  return { adfsResponse, mailboxPage };
}
