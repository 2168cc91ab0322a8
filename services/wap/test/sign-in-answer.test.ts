import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import Fastify from 'fastify';
import { MockAgent, request } from 'undici';
import { responseFormPage } from '../../adfs/src/domain/passive/views/response-form-page.ts';
import { readAdfsFormsPage } from '../src/domain/sign-in-page/adfs-forms-page.ts';
import { isSignInRequest } from '../src/domain/sign-in-page/sign-in-request.ts';
import { answerSignIn } from '../src/routes/adfs/ls.ts';
import { adfsFormsPage, fixture, signInAction } from './support/adfs-pages.ts';

/**
 * The WAP's answer to a sign-in, fed real undici responses from a mock AD FS: its forms
 * page becomes the WAP's page with AD FS's cookies, anything else goes on unchanged.
 */
const adfs = new MockAgent();
adfs.disableNetConnect();
const adfsOrigin = adfs.get('https://fs.contoso.test');

// As the WAP does, in onRequest: the body is never parsed here, only relayed.
const app = Fastify();
app.addHook('onRequest', async (incoming, reply) => {
  const upstream = await request(`https://fs.contoso.test${incoming.url}`, { method: incoming.method as 'GET' | 'POST', dispatcher: adfs });
  return answerSignIn(reply, upstream, { federationService: 'fs.contoso.test', via: 'wap' });
});
after(async () => {
  await app.close();
  await adfs.close();
});

const adfsCsp = "default-src 'none'; style-src 'nonce-adfs'; script-src 'nonce-adfs'";
const antiForgeryCookie = 'MSISAntiForgery=cookie-value; Max-Age=600; Path=/adfs/ls/; HttpOnly; Secure; SameSite=Strict';

function adfsAnswers(method: 'GET' | 'POST', status: number, body: string, headers: Record<string, string | string[]> = {}): void {
  adfsOrigin.intercept({ path: signInAction, method }).reply(status, body, { headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': adfsCsp, ...headers } });
}

describe('the WAP’s answer to a sign-in at /adfs/ls/', () => {
  it('replaces AD FS’s forms page with its own, with its own CSP, AD FS’s Set-Cookie verbatim and Via', async () => {
    adfsAnswers('GET', 200, adfsFormsPage(), { 'set-cookie': antiForgeryCookie, via: '1.1 adfs-frontend' });
    const response = await app.inject({ method: 'GET', url: signInAction });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /<header id="wapBanner">Web Application Proxy/);
    assert.deepEqual(readAdfsFormsPage(response.body).hiddenFields.map((field) => field.name), ['AuthMethod', 'AntiForgeryToken']);
    assert.equal(response.headers['set-cookie'], antiForgeryCookie);
    assert.equal(response.headers.via, '1.1 adfs-frontend, 1.1 wap');
    const csp = String(response.headers['content-security-policy']);
    assert.match(csp, /^default-src 'none'; style-src 'nonce-[A-Za-z0-9+/=]+'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'$/);
    assert.doesNotMatch(csp, /script-src/);
    assert.equal(response.headers['x-frame-options'], 'DENY');
    assert.equal(response.headers['cache-control'], 'no-store');
  });

  it('shows AD FS’s refusal of the forms POST in the WAP page’s errorText', async () => {
    adfsAnswers('POST', 200, adfsFormsPage({ errorText: 'Incorrect user ID or password. Type the correct user ID and password, and try again.' }), { 'set-cookie': antiForgeryCookie });
    const response = await app.inject({ method: 'POST', url: signInAction, payload: 'UserName=joe%40contoso.test&Password=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(readAdfsFormsPage(response.body).errorText, 'Incorrect user ID or password. Type the correct user ID and password, and try again.');
    assert.match(response.body, /Web Application Proxy/);
  });

  it('relays AD FS’s auto-posting response form byte for byte, with AD FS’s own headers', async () => {
    const page = responseFormPage({ nonce: 'adfs', replyUrl: 'https://login.microsoftonline.test/login.srf', wresult: '<t:RequestSecurityTokenResponse xmlns:t="http://schemas.xmlsoap.org/ws/2005/02/trust"/>', wctx: 'a&b' });
    adfsAnswers('POST', 200, page, { 'set-cookie': 'MSISAntiForgery=; Max-Age=0; Path=/adfs/ls/' });
    const response = await app.inject({ method: 'POST', url: signInAction, payload: 'UserName=joe%40contoso.test&Password=right', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(response.body, page);
    assert.equal(response.headers['content-security-policy'], adfsCsp);
    assert.equal(response.headers['set-cookie'], 'MSISAntiForgery=; Max-Age=0; Path=/adfs/ls/');
    assert.equal(response.headers.via, '1.1 wap');
  });

  it('relays AD FS’s error pages and non-HTML answers unchanged', async () => {
    adfsAnswers('GET', 400, '<!DOCTYPE html><html><body><p id="errorMessage">MSIS7012</p></body></html>');
    const error = await app.inject({ method: 'GET', url: signInAction });
    assert.deepEqual([error.statusCode, error.body], [400, '<!DOCTYPE html><html><body><p id="errorMessage">MSIS7012</p></body></html>']);
    adfsAnswers('GET', 200, 'id="loginForm"', { 'content-type': 'text/plain' });
    const text = await app.inject({ method: 'GET', url: signInAction });
    assert.deepEqual([text.statusCode, text.body], [200, 'id="loginForm"']);
  });

  it('answers a forms page it cannot read with a 502 naming the hop wap → adfs, never AD FS’s page', async () => {
    adfsAnswers('GET', 200, fixture('unclosed-form'), { 'set-cookie': antiForgeryCookie });
    const response = await app.inject({ method: 'GET', url: signInAction });
    assert.equal(response.statusCode, 502);
    const body = JSON.parse(response.body) as { code: string; message: string };
    assert.equal(body.code, 'ADFS_SIGN_IN_PAGE_UNREADABLE');
    assert.match(body.message, /AD FS's forms sign-in page cannot be shown by the Web Application Proxy: its HTML does not parse/);
    assert.equal(response.headers['set-cookie'], undefined);
  });
});

describe('which requests are sign-ins whose answer the WAP may render', () => {
  it('takes GET and POST of /adfs/ls/ with wa=wsignin1.0, however the path is spelled', () => {
    assert.equal(isSignInRequest('GET', signInAction), true);
    assert.equal(isSignInRequest('POST', '/adfs/ls/?wa=wsignin1.0'), true);
    assert.equal(isSignInRequest('GET', '/ADFS/%6Cs/?wa=wsignin1.0'), true);
  });

  it('leaves sign-out, HEAD, other endpoints and requests without wa alone', () => {
    assert.equal(isSignInRequest('GET', '/adfs/ls/?wa=wsignout1.0'), false);
    assert.equal(isSignInRequest('HEAD', signInAction), false);
    assert.equal(isSignInRequest('POST', '/adfs/services/trust/13/usernamemixed?wa=wsignin1.0'), false);
    assert.equal(isSignInRequest('GET', '/adfs/ls/'), false);
    assert.equal(isSignInRequest('GET', '/adfs/ls/idpinitiatedsignon?wa=wsignin1.0'), false);
  });
});
