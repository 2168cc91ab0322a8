import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { immutableIdFromGuid } from '../../../shared/identity/immutable-id.ts';
import { loadKeyPair, type KeyPair } from '../../../shared/pki/index.ts';
import { issueSaml11Assertion } from '../../../shared/saml/assertion-1-1.ts';
import { authenticationMethods } from '../../../shared/saml/namespaces.ts';
import { consumerAttacks, type AttackTools } from '../../../shared/saml/test/consumer-attacks.ts';
import { adminToken, callApi, syncObjects, syncToken } from './support/apis.ts';
import { startAzureAuth, type TestAzureAuth } from './support/azure-auth-app.ts';
import { authorizeUrl, Browser, formFields } from './support/browser.ts';
import { tokenRequest } from './support/tokens.ts';

/**
 * Issue 4, acceptance 5: both SAML consumers of azure-auth — `/login.srf` (passive, F4/F5)
 * and the SAML bearer grant (F7, and the Basic-auth proxy path F6, which hands AD FS's
 * assertion to the same grant) — refuse every SAML/XML attack class of security.md, each
 * with its specific error, and keep serving the genuine assertion afterwards.
 */
const issuer = 'http://fs.contoso.test/adfs/services/trust';
const mary = { immutableId: immutableIdFromGuid('6d2a4f1e-8b3c-4e5a-9f10-2b3c4d5e6f71'), upn: 'mary@contoso.test' };
const alex = { immutableId: immutableIdFromGuid('8a7b6c5d-4e3f-4a1b-9c8d-0e1f2a3b4c5d'), upn: 'alex@contoso.test' };
let lab: TestAzureAuth;
let tools: AttackTools;

before(async () => {
  lab = await startAzureAuth();
  const trusted = loadKeyPair(lab.certsDir, 'signing/adfs-token-signing');
  const settings = { IssuerUri: issuer, PassiveLogOnUri: 'https://fs.contoso.test/adfs/ls/', ActiveLogOnUri: 'https://fs.contoso.test/adfs/services/trust/2005/usernamemixed', MetadataExchangeUri: 'https://fs.contoso.test/adfs/services/trust/mex', LogOffUri: 'https://fs.contoso.test/adfs/ls/', SigningCertificate: new X509Certificate(trusted.certPem).raw.toString('base64') };
  assert.equal((await callApi(lab.app, { method: 'POST', url: `/${lab.tenantId}/admin/domains/contoso.test/federation`, token: await adminToken(lab), body: settings })).statusCode, 200);
  await syncObjects(
    lab,
    await syncToken(lab),
    [mary, alex].map((user) => ({ sourceAnchor: user.immutableId, userPrincipalName: user.upn, displayName: user.upn, mail: user.upn, proxyAddresses: [`SMTP:${user.upn}`], accountEnabled: true })),
  );
  const reissue = (signer: KeyPair, claims = {}, options = {}) =>
    issueSaml11Assertion({ ...mary, authenticationMethod: authenticationMethods.password, insideCorporateNetwork: false, ...claims }, signer, { issuer, audience: 'urn:federation:MicrosoftOnline', now: lab.clock.now(), ...options });
  tools = { genuine: () => reissue(trusted), reissue, trusted, stranger: loadKeyPair(lab.certsDir, 'signing/exchange-online-federation'), now: () => lab.clock.now(), victim: alex };
});
after(() => lab.close());

/** azure-auth names an untrusted key as Entra ID does, AADSTS50008 (the rollover outage's error); every other refusal keeps the verifier's code. */
const consumerCode = (code: string): string => (code === 'SAML_UNTRUSTED_KEY' ? 'AADSTS50008' : code);

function redeem(assertion: string) {
  return tokenRequest(lab.app, { grant_type: 'urn:ietf:params:oauth:grant-type:saml1_1-bearer', client_id: '1b730954-1685-4b74-9bfd-dac224a7b894', resource: '00000002-0000-0ff1-ce00-000000000000', assertion: Buffer.from(assertion).toString('base64') });
}

/** AD FS's passive answer around `assertion`, as text: a DOCTYPE in front of the assertion moves to the front of the document, where a parser meets it. */
function wresultAround(assertion: string): string {
  const doctype = /^<!DOCTYPE[^[>]*(\[[\s\S]*?\])?>/.exec(assertion)?.[0] ?? '';
  return `${doctype}<t:RequestSecurityTokenResponse xmlns:t="http://schemas.xmlsoap.org/ws/2005/02/trust"><t:RequestedSecurityToken>${assertion.slice(doctype.length)}</t:RequestedSecurityToken></t:RequestSecurityTokenResponse>`;
}

/** Sends Mary's browser to AD FS and posts `wresult` back to /login.srf with her wctx. */
async function postToLoginSrf(wresult: string) {
  const browser = new Browser(lab.app);
  const { canary } = formFields((await browser.get(authorizeUrl())).body);
  const redirect = await browser.post('/common/login', { step: 'username', canary: canary!, login: mary.upn });
  const wctx = new URL(String(redirect.headers.location)).searchParams.get('wctx')!;
  return browser.post('/login.srf', { wa: 'wsignin1.0', wresult, wctx });
}

describe('the SAML bearer grant refuses each SAML/XML attack class with its own error', () => {
  for (const attack of consumerAttacks) {
    const code = consumerCode(attack.code);
    it(`${attack.attackClass} — ${attack.name}: 400 invalid_grant ${code}`, async () => {
      const response = await redeem(attack.build(tools));
      assert.equal(response.statusCode, 400, response.body);
      assert.equal(response.json().error, 'invalid_grant');
      assert.match(response.json().error_description, new RegExp(`^${code}\\b`));
    });
  }

  it('SAML replay — the same genuine assertion twice: SAML_REPLAYED, and a fresh one still works', async () => {
    const assertion = tools.genuine();
    assert.equal((await redeem(assertion)).statusCode, 200);
    assert.match((await redeem(assertion)).json().error_description, /^SAML_REPLAYED\b/);
    assert.equal((await redeem(tools.genuine())).statusCode, 200);
  });
});

describe('/login.srf refuses each SAML/XML attack class in wresult with its own error', () => {
  for (const attack of consumerAttacks) {
    // A second root is a second root of the *wresult* document at /login.srf; inside
    // RequestedSecurityToken it would be a second assertion (a wrapping case above).
    const code = attack.attackClass === 'multiple roots' ? 'XML_REJECTED' : consumerCode(attack.code);
    it(`${attack.attackClass} — ${attack.name}: 400 naming ${code}`, async () => {
      const assertion = attack.build(tools);
      const wresult = attack.attackClass === 'multiple roots' ? `${wresultAround(tools.genuine())}${wresultAround(tools.genuine())}` : wresultAround(assertion);
      const page = await postToLoginSrf(wresult);
      assert.equal(page.statusCode, 400, page.body.slice(0, 300));
      assert.match(page.body, new RegExp(`\\b${code}\\b`));
      assert.doesNotMatch(page.body, /outlook\.office365\.test\/owa/, 'no form_post onwards');
    });
  }

  it('SAML replay — the same wresult posted twice: SAML_REPLAYED, and a fresh one still works', async () => {
    const wresult = wresultAround(tools.genuine());
    assert.equal((await postToLoginSrf(wresult)).statusCode, 200);
    const replay = await postToLoginSrf(wresult);
    assert.equal(replay.statusCode, 400);
    assert.match(replay.body, /\bSAML_REPLAYED\b/);
    assert.equal((await postToLoginSrf(wresultAround(tools.genuine()))).statusCode, 200);
  });
});
