import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JWK } from 'jose';
import { verifyJwt } from '../../../shared/jwt/verify.ts';
import { Browser, exchangeOnline, formFields, loginHost, owaRedirect, signIn } from './support/browser.ts';
import { startAzureAuth, type TestAzureAuth } from './support/azure-auth-app.ts';
import { tokenRequest } from './support/tokens.ts';

let lab: TestAzureAuth;
before(async () => {
  lab = await startAzureAuth();
});
after(() => lab.close());

async function freshCode(): Promise<string> {
  return formFields((await signIn(new Browser(lab.app), 'ann@contoso.onmicrosoft.test', 'Ann!Lab2026')).body).code!;
}

function redeem(code: string, overrides: Record<string, string> = {}) {
  return tokenRequest(lab.app, { grant_type: 'authorization_code', client_id: exchangeOnline, redirect_uri: owaRedirect, code, ...overrides });
}

async function publishedKeys(): Promise<JWK[]> {
  const response = await lab.app.inject({ method: 'GET', url: '/common/discovery/keys', headers: { host: loginHost } });
  return (response.json() as { keys: JWK[] }).keys;
}

function errorOf(response: { json(): unknown }): { error: string; error_description: string } {
  return response.json() as { error: string; error_description: string };
}

describe('redeeming an authorization code at the token endpoint', () => {
  it('returns an access token that verifies against the JWKS from /common/discovery/keys, with the claims docs/identity.md lists', async () => {
    const response = await redeem(await freshCode());
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['cache-control'], 'no-store');
    const body = response.json() as { access_token: string; id_token: string; token_type: string; expires_in: string; resource: string };
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, '3600');
    assert.equal(body.resource, exchangeOnline);
    const claims = await verifyJwt(body.access_token, { keys: await publishedKeys(), issuer: `https://sts.windows.test/${lab.tenantId}/`, audience: exchangeOnline, hop: 'test', now: lab.clock.now() });
    assert.equal(claims.tid, lab.tenantId);
    assert.equal(claims.upn, 'ann@contoso.onmicrosoft.test');
    assert.equal(claims.unique_name, 'ann@contoso.onmicrosoft.test');
    assert.equal(claims.name, 'Ann Cloud');
    assert.deepEqual(claims.amr, ['pwd']);
    assert.equal(claims.appid, exchangeOnline);
    assert.equal(claims.scp, 'user_impersonation');
    assert.equal(claims.ver, '1.0');
    assert.match(String(claims.oid), /^[0-9a-f-]{36}$/);
    assert.equal(claims.exp! - claims.iat!, 3600);
    const idToken = await verifyJwt(body.id_token, { keys: await publishedKeys(), issuer: `https://sts.windows.test/${lab.tenantId}/`, audience: exchangeOnline, hop: 'test', now: lab.clock.now() });
    assert.equal(idToken.nonce, 'nonce-123');
  });

  it('signs with kid = x5t of the signing certificate, and the JWKS carries that certificate', async () => {
    const [key] = await publishedKeys();
    assert.ok(key);
    assert.equal(key.kid, key.x5t);
    assert.equal(key.alg, 'RS256');
    assert.equal(key.x5c?.length, 1);
    assert.equal(key.d, undefined, 'never the private key');
  });

  it('refuses a code used twice (AADSTS54005)', async () => {
    const code = await freshCode();
    assert.equal((await redeem(code)).statusCode, 200);
    const second = await redeem(code);
    assert.equal(second.statusCode, 400);
    assert.equal(errorOf(second).error, 'invalid_grant');
    assert.match(errorOf(second).error_description, /^AADSTS54005: /);
  });

  it('refuses a code redeemed with another redirect_uri', async () => {
    const response = await redeem(await freshCode(), { redirect_uri: 'https://outlook.office365.test/owa/other' });
    assert.equal(errorOf(response).error, 'invalid_grant');
    assert.match(errorOf(response).error_description, /^AADSTS50011: /);
  });

  it('refuses a code redeemed by another client', async () => {
    const response = await redeem(await freshCode(), { client_id: '04b07795-8ddb-461a-bbee-02f9e1bf7b46' });
    assert.match(errorOf(response).error_description, /^AADSTS70002: /);
  });

  it('refuses a code older than 10 minutes (AADSTS70008) and takes one a second younger', async () => {
    const young = await freshCode();
    const old = await freshCode();
    lab.clock.advance(599);
    assert.equal((await redeem(young)).statusCode, 200);
    lab.clock.advance(1);
    assert.match(errorOf(await redeem(old)).error_description, /^AADSTS70008: /);
  });

  it('refuses a code it never issued', async () => {
    assert.match(errorOf(await redeem('made-up')).error_description, /^AADSTS70000: /);
  });

  it('answers an unsupported grant type with unsupported_grant_type', async () => {
    const response = await tokenRequest(lab.app, { grant_type: 'client_credentials', client_id: exchangeOnline });
    assert.equal(errorOf(response).error, 'unsupported_grant_type');
    assert.match(errorOf(response).error_description, /^AADSTS70003: /);
  });

  it('names a missing parameter (AADSTS900144)', async () => {
    const response = await tokenRequest(lab.app, { client_id: exchangeOnline });
    assert.equal(errorOf(response).error, 'invalid_request');
    assert.match(errorOf(response).error_description, /'grant_type'/);
  });

  it('refuses a JSON body: the token endpoint is form-encoded', async () => {
    const response = await lab.app.inject({ method: 'POST', url: '/common/oauth2/token', headers: { host: loginHost }, payload: { grant_type: 'password' } });
    assert.equal(response.statusCode, 400);
    assert.match(errorOf(response).error_description, /form-encoded/);
  });
});
