import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { thumbprint } from '../../../shared/jwt/keys.ts';
import { loadKeyPair, prepareKeyPair } from '../../../shared/pki/index.ts';
import { issueCertificate } from '../../../shared/pki/issue.ts';
import { buildClientAssertion } from '../../../shared/s2s/client-assertion.ts';
import { decodeCompactJwt, signRs256 } from '../../../shared/s2s/compact-jwt.ts';
import { buildOuterToken } from '../../../shared/s2s/outer-token.ts';
import { exchangePrincipal } from '../../../shared/s2s/principals.ts';
import { trustedIssuerFromMetadata } from '../../../shared/s2s/sts-metadata.ts';
import { buildTokenRequestForm } from '../../../shared/s2s/token-request.ts';
import { validateS2SToken } from '../../../shared/s2s/validate-s2s-token.ts';
import { adminToken, callApi } from './support/apis.ts';
import { startAzureAuth, type TestAzureAuth } from './support/azure-auth-app.ts';

/** azure-auth as the S2S token service (server-flows §1.3–1.7), driven by inject on accounts.accesscontrol. */
const stsHost = 'accounts.accesscontrol.windows.test';
let lab: TestAzureAuth;
let admin: string;
const onPremAuth = issueCertificate({ commonName: 'Microsoft Exchange Server Auth Certificate', usage: 'signing', validDays: 30 });
const unregistered = issueCertificate({ commonName: 'Microsoft Exchange Server Auth Certificate', usage: 'signing', validDays: 30 });

before(async () => {
  lab = await startAzureAuth();
  admin = await adminToken(lab);
});
after(() => lab.close());

function tokenRequest(form: Record<string, string> | URLSearchParams, tenant = lab.tenantId): Promise<LightMyRequestResponse> {
  return lab.app.inject({ method: 'POST', url: `/${tenant}/tokens/OAuth/2`, payload: new URLSearchParams(form).toString(), headers: { host: stsHost, 'content-type': 'application/x-www-form-urlencoded' } });
}

async function requestFor(options: { signer?: typeof onPremAuth; host?: string; at?: Date; tenantId?: string } = {}): Promise<URLSearchParams> {
  const assertion = await buildClientAssertion({ appId: exchangePrincipal, tenantId: options.tenantId ?? lab.tenantId, signer: options.signer ?? onPremAuth, now: options.at ?? lab.clock.now() });
  return buildTokenRequestForm({ appId: exchangePrincipal, tenantId: lab.tenantId, clientAssertion: assertion, targetPrincipal: exchangePrincipal, targetHost: options.host ?? 'mail.contoso.test' });
}

function oauthError(response: LightMyRequestResponse, status: number, error: string, code: string, reason?: RegExp): void {
  assert.equal(response.statusCode, status, response.body);
  const body = response.json() as { error: string; error_description: string };
  assert.equal(body.error, error);
  assert.match(body.error_description, new RegExp(`^${code}: `));
  if (reason) assert.match(body.error_description, reason);
}

describe('the S2S token service on accounts.accesscontrol', () => {
  it('publishes its metadata: issuer, issuance endpoint, the signing certificate by x5t', async () => {
    const response = await lab.app.inject({ method: 'GET', url: `/${lab.tenantId}/metadata/json/1`, headers: { host: stsHost } });
    assert.equal(response.statusCode, 200);
    const metadata = response.json() as { issuer: string; realm: string; allowedAudiences: string[]; endpoints: { location: string; protocol: string }[] };
    assert.equal(metadata.issuer, `00000001-0000-0000-c000-000000000000@${lab.tenantId}`);
    assert.deepEqual(metadata.allowedAudiences, [`00000001-0000-0000-c000-000000000000/accounts.accesscontrol.windows.test@${lab.tenantId}`]);
    assert.deepEqual(metadata.endpoints[0], { location: `https://accounts.accesscontrol.windows.test/${lab.tenantId}/tokens/OAuth/2`, protocol: 'OAuth2', usage: 'issuance' });
    assert.equal(trustedIssuerFromMetadata(metadata, lab.tenantId).keysByX5t.size, 1);
    assert.equal((await lab.app.inject({ method: 'GET', url: `/${lab.tenantId}/metadata/json/1`, headers: { host: 'login.microsoftonline.test' } })).statusCode, 404);
  });

  it('refuses an assertion signed with a key not registered on the principal (AADSTS700027, key not found)', async () => {
    oauthError(await tokenRequest(await requestFor({ signer: unregistered })), 401, 'invalid_client', 'AADSTS700027', /The key was not found/);
  });

  it('lets an admin register the on-premises Auth certificate and SPNs, idempotently (Graph-like keyCredentials)', async () => {
    const key = onPremAuth.certPem.replace(/-----[^-]+-----|\s/g, '');
    for (let round = 0; round < 2; round++) {
      const added = await callApi(lab.app, { method: 'POST', url: `/${lab.tenantId}/admin/servicePrincipals/${exchangePrincipal}/keyCredentials`, token: admin, body: { type: 'AsymmetricX509Cert', usage: 'Verify', key } });
      assert.equal(added.statusCode, 200, added.body);
      const names = await callApi(lab.app, { method: 'POST', url: `/${lab.tenantId}/admin/servicePrincipals/${exchangePrincipal}/servicePrincipalNames`, token: admin, body: { servicePrincipalNames: ['https://mail.contoso.test/', 'https://autodiscover.contoso.test/'] } });
      assert.equal(names.statusCode, 200, names.body);
    }
    const principal = (await callApi(lab.app, { method: 'GET', url: `/${lab.tenantId}/admin/servicePrincipals/${exchangePrincipal}`, token: admin })).json() as { servicePrincipalNames: string[]; keyCredentials: { key: string }[] };
    assert.deepEqual(principal.servicePrincipalNames, [`${exchangePrincipal}/outlook.office365.test`, `${exchangePrincipal}/autodiscover-s.outlook.test`, 'https://mail.contoso.test/', 'https://autodiscover.contoso.test/']);
    const exchangeOnline = readFileSync(join(lab.certsDir, 'signing/exchange-online-auth.crt'), 'utf8').replace(/-----[^-]+-----|\s/g, '');
    assert.deepEqual(principal.keyCredentials.map((credential) => credential.key), [exchangeOnline, key]);
  });

  it('refuses the admin API without a Global Administrator token, and a key that is not a certificate', async () => {
    const url = `/${lab.tenantId}/admin/servicePrincipals/${exchangePrincipal}/keyCredentials`;
    assert.equal((await callApi(lab.app, { method: 'POST', url, body: { type: 'AsymmetricX509Cert', usage: 'Verify', key: 'A'.repeat(200) } })).statusCode, 401);
    const bad = await callApi(lab.app, { method: 'POST', url, token: admin, body: { type: 'AsymmetricX509Cert', usage: 'Verify', key: 'A'.repeat(200) } });
    assert.equal(bad.statusCode, 400);
    assert.equal((bad.json() as { error: string }).error, 'KEY_CREDENTIAL_INVALID');
    assert.equal((await callApi(lab.app, { method: 'GET', url: `/${lab.tenantId}/admin/servicePrincipals/00000003-0000-0000-c000-000000000000`, token: admin })).statusCode, 404);
  });

  it('refuses a resource host that is not a registered SPN of the principal (AADSTS500011)', async () => {
    oauthError(await tokenRequest(await requestFor({ host: 'evil.fabrikam.test' })), 400, 'invalid_resource', 'AADSTS500011', /prevents tokens for any arbitrary URL being requested/);
  });

  it('refuses expired assertions and assertions for another audience', async () => {
    const expired = await requestFor({ at: new Date(lab.clock.now().getTime() - 901_000) });
    oauthError(await tokenRequest(expired), 401, 'invalid_client', 'AADSTS700024');
    const client = `${exchangePrincipal}@${lab.tenantId}`;
    const seconds = String(lab.clock.now().getTime() / 1000);
    const claims = { aud: `https://login.microsoftonline.test/${lab.tenantId}/oauth2/token`, iss: client, nameid: client, nbf: seconds, exp: String(Number(seconds) + 600) };
    const otherAudience = await signRs256(claims, prepareKeyPair(onPremAuth).privateKey, { x5t: thumbprint(onPremAuth.certPem) });
    oauthError(await tokenRequest({ ...Object.fromEntries(await requestFor()), client_assertion: otherAudience }), 401, 'invalid_client', 'AADSTS700023');
  });

  it('refuses malformed requests with the parameter named', async () => {
    const good = Object.fromEntries(await requestFor());
    oauthError(await tokenRequest({ ...good, resource: '' }), 400, 'invalid_request', 'AADSTS900144', /'resource'/);
    oauthError(await tokenRequest({ ...good, grant_type: 'password' }), 400, 'invalid_request', 'AADSTS70003');
    oauthError(await tokenRequest({ ...good, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer' }), 400, 'invalid_request', 'AADSTS7000216');
    oauthError(await tokenRequest({ ...good, client_assertion: 'not-a-jwt' }), 401, 'invalid_client', 'AADSTS50027');
    oauthError(await tokenRequest({ ...good, client_id: `${exchangePrincipal}@0ther-tenant` }), 401, 'invalid_client', 'AADSTS700016');
    oauthError(await tokenRequest({ ...good, client_id: `00000003-0000-0ff1-ce00-000000000000@${lab.tenantId}` }), 401, 'invalid_client', 'AADSTS700016');
    oauthError(await tokenRequest({ ...good, resource: `${exchangePrincipal}/mail.contoso.test@0ther-tenant` }), 400, 'invalid_resource', 'AADSTS500011');
    oauthError(await tokenRequest(good, '0ther-tenant'), 400, 'invalid_request', 'AADSTS90002');
  });

  it('refuses an assertion whose iss is not the client_id, even when its signature verifies', async () => {
    const good = Object.fromEntries(await requestFor());
    const other = await buildClientAssertion({ appId: '00000003-0000-0ff1-ce00-000000000000', tenantId: lab.tenantId, signer: onPremAuth, now: lab.clock.now() });
    oauthError(await tokenRequest({ ...good, client_assertion: other }), 401, 'invalid_client', 'AADSTS700021');
  });

  it('runs the whole chain: assertion → actor token → outer token for Mary → the receiver accepts; tampered → refused', async () => {
    const response = await tokenRequest(await requestFor());
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json() as Record<string, string>;
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.resource, `${exchangePrincipal}/mail.contoso.test@${lab.tenantId}`);
    assert.equal(body.expires_in, '3600');
    assert.equal(Number(body.expires_on) - Number(body.not_before), 3600);
    assert.equal(response.headers['cache-control'], 'no-store');
    const actor = decodeCompactJwt(body.access_token!)!;
    assert.deepEqual(actor.header, { typ: 'JWT', alg: 'RS256', x5t: actor.header.x5t });
    assert.equal(actor.claims.trustedfordelegation, 'true');
    assert.equal(actor.claims.nameid, `${exchangePrincipal}@${lab.tenantId}`);
    assert.equal(actor.claims.identityprovider, `00000001-0000-0000-c000-000000000000@${lab.tenantId}`);

    const metadata = (await lab.app.inject({ method: 'GET', url: `/${lab.tenantId}/metadata/json/1`, headers: { host: stsHost } })).json();
    const policy = { trustedIssuers: [trustedIssuerFromMetadata(metadata, lab.tenantId)], trustedPrincipals: [exchangePrincipal], hostnames: ['mail.contoso.test'], realm: lab.tenantId, now: lab.clock.now(), hop: 'exchange-online → mail.contoso.test (S2S OAuth)' };
    const outer = buildOuterToken({ appId: exchangePrincipal, realm: lab.tenantId, targetPrincipal: exchangePrincipal, targetHost: 'mail.contoso.test', smtp: 'joe@contoso.test', actorToken: body.access_token!, now: lab.clock.now() });
    assert.deepEqual(validateS2SToken(outer, policy).user, { nameId: 'joe@contoso.test', smtp: 'joe@contoso.test' });

    const [header, , signature] = body.access_token!.split('.');
    const widened = Buffer.from(JSON.stringify({ ...actor.claims, aud: `${exchangePrincipal}/mail.contoso.test@${lab.tenantId}`, exp: '9999999999' })).toString('base64url');
    const tampered = buildOuterToken({ appId: exchangePrincipal, realm: lab.tenantId, targetPrincipal: exchangePrincipal, targetHost: 'mail.contoso.test', smtp: 'joe@contoso.test', actorToken: `${header}.${widened}.${signature}`, now: lab.clock.now() });
    assert.throws(() => validateS2SToken(tampered, policy), { code: 'S2S_ACTOR_SIGNATURE' });
  });

  it('issues tokens to Exchange Online with its own Auth certificate for its own hosts', async () => {
    const exchangeOnline = loadKeyPair(lab.certsDir, 'signing/exchange-online-auth');
    const response = await tokenRequest(await requestFor({ signer: exchangeOnline, host: 'outlook.office365.test' }));
    assert.equal(response.statusCode, 200, response.body);
  });
});
