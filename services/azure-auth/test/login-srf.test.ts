import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { loadKeyPair, type KeyPair } from '../../../shared/pki/index.ts';
import { issueSaml11Assertion } from '../../../shared/saml/assertion-1-1.ts';
import { authenticationMethods, type AuthenticationMethod } from '../../../shared/saml/namespaces.ts';
import { wrapInRstr2005 } from '../../../shared/saml/ws-trust.ts';
import { adminToken, callApi, syncObjects, syncToken } from './support/apis.ts';
import { startAzureAuth, type TestAzureAuth } from './support/azure-auth-app.ts';
import { authorizeUrl, Browser, formFields } from './support/browser.ts';

/**
 * Passive federation at azure-auth (flows F4/F5): a federated user is sent to AD FS with
 * a wctx bound to this browser, and /login.srf takes AD FS's answer back to the app.
 */
const issuer = 'http://fs.contoso.test/adfs/services/trust';
const mary = { immutableId: 'Hk8qbTyLWk6fECs8TV5vcQ==', upn: 'mary@contoso.test' };
let lab: TestAzureAuth;
let adfs: KeyPair;

function wresultFor(signer: KeyPair = adfs, authenticationMethod: AuthenticationMethod = authenticationMethods.passwordProtectedTransport): string {
  const now = lab.clock.now();
  const assertion = issueSaml11Assertion({ ...mary, authenticationMethod, insideCorporateNetwork: authenticationMethod === authenticationMethods.windows }, signer, { issuer, audience: 'urn:federation:MicrosoftOnline', now });
  return wrapInRstr2005(assertion, { created: now, expires: new Date(now.getTime() + 3600_000), audience: 'urn:federation:MicrosoftOnline' });
}

/** Username page → mary → the redirect to AD FS; returns the browser and the wctx. */
async function sendMaryToAdfs(): Promise<{ browser: Browser; wctx: string; location: URL }> {
  const browser = new Browser(lab.app);
  const { canary } = formFields((await browser.get(authorizeUrl())).body);
  const redirect = await browser.post('/common/login', { step: 'username', canary: canary!, login: mary.upn });
  assert.equal(redirect.statusCode, 302, redirect.body);
  const location = new URL(String(redirect.headers.location));
  return { browser, wctx: location.searchParams.get('wctx')!, location };
}

before(async () => {
  lab = await startAzureAuth();
  adfs = loadKeyPair(lab.certsDir, 'signing/adfs-token-signing');
  const settings = { IssuerUri: issuer, PassiveLogOnUri: 'https://fs.contoso.test/adfs/ls/', ActiveLogOnUri: 'https://fs.contoso.test/adfs/services/trust/2005/usernamemixed', MetadataExchangeUri: 'https://fs.contoso.test/adfs/services/trust/mex', LogOffUri: 'https://fs.contoso.test/adfs/ls/', SigningCertificate: new X509Certificate(adfs.certPem).raw.toString('base64') };
  assert.equal((await callApi(lab.app, { method: 'POST', url: `/${lab.tenantId}/admin/domains/contoso.test/federation`, token: await adminToken(lab), body: settings })).statusCode, 200);
  await syncObjects(lab, await syncToken(lab), [{ sourceAnchor: mary.immutableId, userPrincipalName: mary.upn, displayName: 'Mary Smith', mail: mary.upn, proxyAddresses: [`SMTP:${mary.upn}`], accountEnabled: true }]);
});
after(() => lab.close());

describe('passive federation through /login.srf', () => {
  it('sends a federated user to AD FS’s passive URL with her name, the Office 365 realm and a wctx', async () => {
    const { location, wctx } = await sendMaryToAdfs();
    assert.equal(`${location.origin}${location.pathname}`, 'https://fs.contoso.test/adfs/ls/');
    assert.deepEqual({ username: location.searchParams.get('username'), wa: location.searchParams.get('wa'), wtrealm: location.searchParams.get('wtrealm') }, { username: mary.upn, wa: 'wsignin1.0', wtrealm: 'urn:federation:MicrosoftOnline' });
    assert.match(wctx, /^[A-Za-z0-9_-]{20,}$/);
  });

  it('takes AD FS’s answer and finishes the sign-in with the form_post back to OWA', async () => {
    const { browser, wctx } = await sendMaryToAdfs();
    const page = await browser.post('/login.srf', { wa: 'wsignin1.0', wresult: wresultFor(), wctx });
    assert.equal(page.statusCode, 200, page.body);
    assert.match(page.body, /action="https:\/\/outlook\.office365\.test\/owa\/"/);
    const fields = formFields(page.body);
    assert.ok(fields.code && fields.id_token);
    assert.equal(fields.state, 'state-456');
    assert.ok(browser.cookies.has('ESTSAUTH'), 'a session now exists');
  });

  it('carries a Windows sign-in at AD FS (F5) into amr ["wia","fed"] of the id_token and of the token the code redeems for', async () => {
    const { browser, wctx } = await sendMaryToAdfs();
    const fields = formFields((await browser.post('/login.srf', { wa: 'wsignin1.0', wresult: wresultFor(adfs, authenticationMethods.windows), wctx })).body);
    const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as { amr: string[] };
    assert.deepEqual(claims(fields.id_token!).amr, ['wia', 'fed']);
    const token = await lab.app.inject({
      method: 'POST',
      url: '/common/oauth2/token',
      headers: { host: 'login.microsoftonline.test', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ grant_type: 'authorization_code', code: fields.code!, client_id: '00000002-0000-0ff1-ce00-000000000000', redirect_uri: 'https://outlook.office365.test/owa/' }).toString(),
    });
    assert.equal(token.statusCode, 200, token.body);
    assert.deepEqual(claims(token.json().access_token).amr, ['wia', 'fed']);
  });

  it('refuses an answer posted into another browser (login CSRF): the wctx must match this browser’s cookie', async () => {
    const { wctx } = await sendMaryToAdfs();
    const stranger = new Browser(lab.app);
    const page = await stranger.post('/login.srf', { wa: 'wsignin1.0', wresult: wresultFor(), wctx });
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /does not belong to this browser/);
  });

  it('refuses a wctx used twice, and an assertion signed by another key', async () => {
    const first = await sendMaryToAdfs();
    assert.equal((await first.browser.post('/login.srf', { wa: 'wsignin1.0', wresult: wresultFor(), wctx: first.wctx })).statusCode, 200);
    const again = await first.browser.post('/login.srf', { wa: 'wsignin1.0', wresult: wresultFor(), wctx: first.wctx });
    assert.equal(again.statusCode, 400);
    const second = await sendMaryToAdfs();
    const forged = await second.browser.post('/login.srf', { wa: 'wsignin1.0', wresult: wresultFor(loadKeyPair(lab.certsDir, 'signing/exchange-online-federation')), wctx: second.wctx });
    assert.equal(forged.statusCode, 400);
    assert.match(forged.body, /AADSTS50008/);
  });

  it('answers wsignoutcleanup1.0 by ending the session', async () => {
    const { browser, wctx } = await sendMaryToAdfs();
    await browser.post('/login.srf', { wa: 'wsignin1.0', wresult: wresultFor(), wctx });
    const cleanup = await browser.get('/login.srf?wa=wsignoutcleanup1.0');
    assert.equal(cleanup.statusCode, 200);
    assert.ok(!browser.cookies.has('ESTSAUTH'));
  });
});
