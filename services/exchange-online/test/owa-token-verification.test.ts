import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { SignJWT, type JWK } from 'jose';
import { thumbprint } from '../../../shared/jwt/keys.ts';
import { signJwt } from '../../../shared/jwt/sign.ts';
import type { KeyPair } from '../../../shared/pki/index.ts';
import { accessTokenClaims, type TestUser } from './support/fake-azure-auth.ts';
import { cookieOf, createOwaTestBed, formPost, startSignIn, users, type OwaTestBed } from './support/owa-test-bed.ts';

/**
 * Every access token goes through the real app and the real verifier (security.md, JWT
 * rows): only the token azure-auth's token endpoint returns is swapped for a bad one.
 */
let bed: OwaTestBed;
let app: FastifyInstance;
let azureKey: KeyPair;
let otherKey: KeyPair;
before(async () => {
  bed = await createOwaTestBed();
  app = await bed.build();
  azureKey = bed.key('signing/azure-auth-oauth-signing');
  otherKey = bed.key('signing/exchange-online-auth');
});
after(() => bed.dispose());

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs in `user` with the access token `issue` makes; the id_token stays genuine. */
async function signInWith(issue: (user: TestUser) => Promise<string>, idTokenClaims: Record<string, unknown> = {}): Promise<LightMyRequestResponse> {
  bed.fake.issueAccessToken = issue;
  try {
    const started = await startSignIn(app);
    const { code, idToken } = await bed.fake.authorize(users.joe, started.nonce, idTokenClaims);
    return await formPost(app, { code, id_token: idToken, state: started.state }, started.cookie);
  } finally {
    bed.fake.issueAccessToken = (user) => signJwt(accessTokenClaims(user, bed.settings), azureKey, { lifetimeSeconds: 3600, now: bed.clock.now });
  }
}

function assertRefused(response: LightMyRequestResponse, code: string, hop = 'exchange-online ← azure-auth (access token)'): void {
  assert.equal(response.statusCode, 401, response.body);
  assert.match(String(response.headers['content-type']), /^text\/html/);
  assert.match(response.body, new RegExp(`<dd id="code">${code}</dd>`));
  assert.ok(response.body.includes(`<dd id="hop">${hop}</dd>`), 'names the hop');
  assert.equal(cookieOf(response, 'owa-session'), undefined, 'no session starts');
}

const claims = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({ ...accessTokenClaims(users.joe, bed.settings), ...overrides });
const sign = (payload: Record<string, unknown>, key = azureKey, now = bed.clock.now): Promise<string> => signJwt(payload, key, { lifetimeSeconds: 3600, now });

describe('the access token OWA redeems', () => {
  it('is accepted when azure-auth signed it for Exchange Online', async () => {
    const response = await signInWith((user) => sign(accessTokenClaims(user, bed.settings)));
    assert.equal(response.statusCode, 302);
    assert.ok(cookieOf(response, 'owa-session'));
  });

  it('is refused for the wrong audience: TOKEN_CLAIM_AUD', async () => {
    const response = await signInWith(() => sign(claims({ aud: 'https://graph.microsoft.test' })));
    assertRefused(response, 'TOKEN_CLAIM_AUD');
    assert.match(response.body, /the token&#39;s aud claim is not acceptable/);
  });

  it('is refused from the wrong issuer: TOKEN_CLAIM_ISS', async () => {
    assertRefused(await signInWith(() => sign(claims({ iss: 'https://sts.windows.test/00000000-0000-0000-0000-000000000000/' }))), 'TOKEN_CLAIM_ISS');
  });

  it('is refused once expired beyond the 300 s skew: TOKEN_EXPIRED', async () => {
    const issued = new Date(bed.clock.now.getTime() - 3600_000 - 301_000);
    assertRefused(await signInWith(() => sign(claims(), azureKey, issued)), 'TOKEN_EXPIRED');
  });

  it('is refused when signed by another key (exchange-online-auth), after one JWKS refetch: TOKEN_UNKNOWN_KEY', async () => {
    const fetchesBefore = bed.fake.jwksFetches();
    assertRefused(await signInWith(() => sign(claims(), otherKey)), 'TOKEN_UNKNOWN_KEY');
    assert.equal(bed.fake.jwksFetches() - fetchesBefore, 1, 'exactly one refetch');
  });

  it("is refused when another key signed it under azure-auth's kid: TOKEN_SIGNATURE", async () => {
    const kid = thumbprint(azureKey.certPem);
    const forged = () => new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid, x5t: kid }).setIssuedAt().setExpirationTime('1h').sign(createPrivateKey(otherKey.keyPem));
    assertRefused(await signInWith(forged), 'TOKEN_SIGNATURE');
  });

  it('is refused with alg none: TOKEN_ALG', async () => {
    const unsigned = async () => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims(), exp: Math.floor(bed.clock.now.getTime() / 1000) + 3600 })}.`;
    assertRefused(await signInWith(unsigned), 'TOKEN_ALG');
  });

  it('is refused when its header carries its own key (jwk): TOKEN_HEADER_KEY', async () => {
    const jwk = createPublicKey(otherKey.certPem).export({ format: 'jwk' }) as JWK;
    const selfKeyed = () => new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', kid: thumbprint(otherKey.certPem), jwk: { kty: jwk.kty!, n: jwk.n!, e: jwk.e! } }).setExpirationTime('1h').sign(createPrivateKey(otherKey.keyPem));
    assertRefused(await signInWith(selfKeyed), 'TOKEN_HEADER_KEY');
  });

  it('is refused when its payload was changed after signing: TOKEN_SIGNATURE', async () => {
    const tampered = async () => {
      const [header, , signature] = (await sign(claims())).split('.');
      return `${header}.${base64url({ ...claims({ upn: 'ann@contoso.onmicrosoft.test' }), exp: Math.floor(bed.clock.now.getTime() / 1000) + 3600 })}.${signature}`;
    };
    assertRefused(await signInWith(tampered), 'TOKEN_SIGNATURE');
  });

  it('is refused without a upn: TOKEN_CLAIM_UPN', async () => {
    assertRefused(await signInWith(() => sign(claims({ upn: undefined }))), 'TOKEN_CLAIM_UPN');
  });

  it('is accepted after azure-auth rolls its key over: the unknown kid triggers one refetch', async () => {
    const rolled = bed.key('signing/azure-auth-saml-signing');
    await signInWith((user) => sign(accessTokenClaims(user, bed.settings)));
    const fetchesBefore = bed.fake.jwksFetches();
    bed.fake.published = [rolled, azureKey];
    try {
      const response = await signInWith((user) => sign(accessTokenClaims(user, bed.settings), rolled));
      assert.equal(response.statusCode, 302, response.body);
      assert.equal(bed.fake.jwksFetches() - fetchesBefore, 1);
    } finally {
      bed.fake.published = [azureKey];
    }
  });
});

describe('the id_token of the form_post', () => {
  it("is refused when its nonce is not this sign-in's: TOKEN_NONCE", async () => {
    assertRefused(await signInWith((user) => sign(accessTokenClaims(user, bed.settings)), { nonce: 'nonce-of-another-sign-in' }), 'TOKEN_NONCE', 'exchange-online ← azure-auth (id_token)');
  });

  it('is refused when it names another user than the access token: TOKEN_SUBJECT', async () => {
    assertRefused(await signInWith((user) => sign(accessTokenClaims(user, bed.settings)), { oid: users.ann.oid }), 'TOKEN_SUBJECT', 'exchange-online ← azure-auth (id_token)');
  });

  it('is refused when its c_hash binds another code: TOKEN_C_HASH', async () => {
    assertRefused(await signInWith((user) => sign(accessTokenClaims(user, bed.settings)), { c_hash: 'AAAAAAAAAAAAAAAAAAAAAA' }), 'TOKEN_C_HASH', 'exchange-online ← azure-auth (id_token)');
  });

  it('is refused when issued for another client: TOKEN_CLAIM_AUD', async () => {
    assertRefused(await signInWith((user) => sign(accessTokenClaims(user, bed.settings)), { aud: 'some-other-client' }), 'TOKEN_CLAIM_AUD', 'exchange-online ← azure-auth (id_token)');
  });
});
