import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { issueCertificate, loadKeyPair, loadLabCa, LAB_CA } from '../../shared/pki/index.ts';
import { extractAssertionFromRstr } from '../../shared/saml/verify.ts';
import { addressOf, localPlan } from '../../shared/topology/index.ts';
import { buildRst } from '../../shared/ws-trust/rst.ts';
import { FormClient, formsOf } from '../support/form-client.ts';
import { clientOn, type startTestLab } from '../support/in-process-lab.ts';
import { lab, startFederatedLab } from '../support/identity.ts';

/**
 * The Web Application Proxy on the local lab: from the internet, fs.contoso.test is the
 * edge, then the WAP, then AD FS — only the published endpoints, with the proxy headers,
 * which AD FS believes only from the WAP's proxy-trust certificate. External users sign in
 * on the WAP's own page, which AD FS's checks stand behind.
 */
const usernameMixed13 = 'https://fs.contoso.test/adfs/services/trust/13/usernamemixed';
const passiveSignIn = 'https://fs.contoso.test/adfs/ls/?wa=wsignin1.0&wtrealm=urn%3afederation%3aMicrosoftOnline&wctx=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&username=mary%40contoso.test';
const insideCorporateNetwork = (rstr: string) => /AttributeName="insidecorporatenetwork"[^>]*><saml:AttributeValue>(\w+)</.exec(extractAssertionFromRstr(rstr))?.[1];

describe('the WAP publishes AD FS to the internet, and AD FS trusts only it with proxy headers', () => {
  let testLab: Awaited<ReturnType<typeof startTestLab>>;
  let env: Record<string, string>;

  before(async () => {
    ({ testLab, env } = await startFederatedLab());
  });
  after(async () => {
    await testLab?.dispose();
  });

  async function rst(network: 'internet' | 'corp'): Promise<{ status: number; body: string }> {
    const http = clientOn(network, testLab.certsDir);
    try {
      const response = await http.request(usernameMixed13, { method: 'POST', headers: { 'content-type': 'application/soap+xml; charset=utf-8' }, body: buildRst({ version: '13', username: 'mary@contoso.test', password: 'Mary!Lab2026', to: usernameMixed13 }) });
      return { status: response.status, body: response.body };
    } finally {
      await http.close();
    }
  }

  it('F7 from the internet: Mary gets a token through edge → WAP → AD FS', async () => {
    const token = await lab(['token', '--user', 'mary@contoso.test', '--password', 'Mary!Lab2026', '--as', 'internet', '--json'], env);
    assert.equal(token.code, 0, token.stderr);
    assert.equal(JSON.parse(token.stdout).upn, 'mary@contoso.test');
  });

  it('marks an assertion issued through the WAP insidecorporatenetwork=false, and a direct one true', async () => {
    const outside = await rst('internet');
    assert.equal(outside.status, 200, outside.body);
    assert.equal(insideCorporateNetwork(outside.body), 'false');
    const inside = await rst('corp');
    assert.equal(insideCorporateNetwork(inside.body), 'true');
  });

  it('publishes neither windowstransport nor AD FS management, and MEX from outside lists no Windows endpoint', async () => {
    const http = clientOn('internet', testLab.certsDir);
    try {
      for (const path of ['/adfs/services/trust/2005/windowstransport', '/adfs/management/convert-domain-to-federated', '/adfs/%6Danagement/x']) {
        const response = await http.request(`https://fs.contoso.test${path}`, { method: 'POST', body: '{}' });
        assert.equal(response.status, 404, path);
        assert.match(response.body, /NOT_PUBLISHED: .* is not published by the Web Application Proxy/);
      }
      const mex = await http.request('https://fs.contoso.test/adfs/services/trust/mex');
      assert.equal(mex.status, 200);
      assert.doesNotMatch(mex.body, /windowstransport/);
      assert.match(String(mex.headers.via), /1\.1 wap, 1\.1 edge/);
    } finally {
      await http.close();
    }
  });

  it('shows the internet the WAP’s own sign-in page with AD FS’s form contract, and corp AD FS’s own page', async () => {
    const outside = clientOn('internet', testLab.certsDir);
    const inside = clientOn('corp', testLab.certsDir);
    try {
      const external = await outside.request(passiveSignIn);
      assert.equal(external.status, 200);
      assert.match(external.body, /<header id="wapBanner">Web Application Proxy/);
      assert.match(external.body, /<h1>Sign in to fs\.contoso\.test<\/h1>/);
      assert.doesNotMatch(external.body, /Contoso · AD FS|<script>alert/);
      assert.match(String(external.headers['set-cookie']), /^MSISAntiForgery=[^;]+;.*HttpOnly/);
      assert.match(String(external.headers.via), /1\.1 wap, 1\.1 edge/);
      const [form] = formsOf(external.body, passiveSignIn);
      assert.equal(form?.action, passiveSignIn, 'the form posts to the same /adfs/ls/ URL and query');
      assert.deepEqual([form.fields.UserName, form.fields.Kmsi, form.fields.AuthMethod, typeof form.fields.AntiForgeryToken], ['mary@contoso.test', 'true', 'FormsAuthentication', 'string']);

      const internal = await inside.request(passiveSignIn, { headers: { 'user-agent': 'curl/8.0' } });
      assert.equal(internal.status, 200);
      assert.match(internal.body, /Contoso · AD FS/);
      assert.doesNotMatch(internal.body, /Web Application Proxy/);
      assert.equal(internal.headers.via, undefined, 'straight from AD FS on corp');
    } finally {
      await Promise.all([outside.close(), inside.close()]);
    }
  });

  it('lets AD FS check the POST of the WAP’s page: its error text on a wrong password, its response form on the right one', async () => {
    const http = clientOn('internet', testLab.certsDir);
    try {
      const browser = new FormClient(http);
      const page = await browser.navigate(passiveSignIn);
      const refused = await browser.submit(page, { Password: 'not-her-password' });
      assert.equal(refused.response.status, 200);
      assert.match(refused.response.body, /Web Application Proxy/);
      assert.match(refused.response.body, /<span id="errorText"[^>]*>Incorrect user ID or password/);
      const accepted = await browser.submit(refused, { Password: 'Mary!Lab2026' });
      const [responseForm] = formsOf(accepted.response.body, accepted.url);
      assert.equal(responseForm?.action, 'https://login.microsoftonline.test/login.srf', accepted.response.body.slice(0, 400));
      assert.equal(responseForm.fields.wctx, '"><script>alert(1)</script>');
      assert.match(accepted.response.body, /Contoso · AD FS/, 'AD FS’s own response form, relayed unchanged');
    } finally {
      await http.close();
    }
  });

  /** A request straight to AD FS on corp, with proxy headers and the client certificate of our choosing. */
  function toAdfs(clientCertificate?: { certPem: string; keyPem: string }, method = 'GET', path = '/adfs/services/trust/mex', body = ''): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const request = httpsRequest(
        { method, host: addressOf('adfs', 'corp', localPlan), port: 443, servername: 'fs.contoso.test', path, ca: loadLabCa(testLab.certsDir), headers: { host: 'fs.contoso.test', 'x-ms-proxy': 'wap', 'x-ms-forwarded-client-ip': '203.0.113.9', ...(body ? { 'content-type': 'application/json' } : {}) }, cert: clientCertificate?.certPem, key: clientCertificate?.keyPem },
        (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  it('refuses proxy headers from a corp client without the proxy-trust certificate', async () => {
    const response = await toAdfs();
    assert.equal(response.status, 403);
    assert.match(response.body, /MSIS7012: proxy headers refused: the proxy presented no client certificate/);
  });

  it('refuses proxy headers with a lab-issued client certificate that is not the proxy-trust one', async () => {
    const impostor = issueCertificate({ commonName: 'not-the-wap', usage: 'tls-client', validDays: 1, issuer: loadKeyPair(testLab.certsDir, LAB_CA) });
    const response = await toAdfs(impostor);
    assert.equal(response.status, 403);
    assert.match(response.body, /is not the proxy-trust certificate/);
  });

  it('accepts the proxy headers with the proxy-trust certificate', async () => {
    const response = await toAdfs(loadKeyPair(testLab.certsDir, 'signing/wap-proxy-trust'));
    assert.equal(response.status, 200);
  });

  it('refuses AD FS management even from the trusted proxy: management is for the corporate network only', async () => {
    const body = JSON.stringify({ domain: 'contoso.test', userName: 'admin@contoso.onmicrosoft.test', password: 'Admin!Lab2026' });
    const response = await toAdfs(loadKeyPair(testLab.certsDir, 'signing/wap-proxy-trust'), 'POST', '/adfs/management/convert-domain-to-federated', body);
    assert.equal(response.status, 403);
    assert.equal(JSON.parse(response.body).error, 'MANAGEMENT_FROM_EXTRANET');
  });
});
