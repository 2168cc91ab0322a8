import assert from 'node:assert/strict';
import { createHash, createHmac, createPublicKey, sign, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { JWK } from 'jose';
import { LabError } from '../../errors/lab-error.ts';
import { ensurePki, loadKeyPair, type KeyPair } from '../../pki/index.ts';
import { jwkFromCertificate, thumbprint } from '../keys.ts';
import { signJwt } from '../sign.ts';
import { verifyJwt, type VerifyOptions } from '../verify.ts';

/** The one clock of this file: tokens are issued at this instant and verified relative to it. */
const issuedAt = new Date('2026-05-04T09:00:00.000Z');
const issuedAtSeconds = issuedAt.getTime() / 1000;
const lifetimeSeconds = 3600;
const expiresAt = (offsetSeconds: number): Date => new Date((issuedAtSeconds + lifetimeSeconds + offsetSeconds) * 1000);

const tenantId = '7a1c0f2e-5d4b-4c3a-9e8f-1b2c3d4e5f60';
const issuer = `https://sts.windows.test/${tenantId}/`;
const audience = 'https://outlook.office365.test';
const hop = 'exchange-online ← azure-auth';
const claims = { iss: issuer, aud: audience, tid: tenantId, upn: 'joe@contoso.test', scp: 'EWS.AccessAsUser.All' };

let root: string;
let signer: KeyPair;
let stranger: KeyPair;
let keys: JWK[];

const options = (overrides: Partial<VerifyOptions> = {}): VerifyOptions => ({ keys, issuer, audience, hop, now: issuedAt, ...overrides });
const segment = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const headerOf = (token: string): Record<string, unknown> => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;

/** An RS256 JWS built by hand, so the header can carry whatever a hostile client puts there. */
function handSigned(header: object, payload: object, keyPem: string): string {
  const input = `${segment(header)}.${segment(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), keyPem).toString('base64url')}`;
}

const validPayload = (): Record<string, unknown> => ({ ...claims, iat: issuedAtSeconds, nbf: issuedAtSeconds, exp: issuedAtSeconds + lifetimeSeconds });

async function assertInvalidToken(token: string, code: string, overrides: Partial<VerifyOptions> = {}): Promise<void> {
  await assert.rejects(verifyJwt(token, options(overrides)), (error: unknown) => {
    assert.ok(error instanceof LabError, `expected a LabError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.statusCode, 401);
    assert.equal(error.wireCode, 'invalid_token');
    assert.equal(error.hop, hop);
    return true;
  });
}

before(() => {
  root = mkdtempSync(join(tmpdir(), 'hybrid-lab-jwt-'));
  ensurePki(root, { now: issuedAt });
  signer = loadKeyPair(root, 'signing/azure-auth-oauth-signing');
  stranger = loadKeyPair(root, 'signing/exchange-online-auth');
  keys = [jwkFromCertificate(signer.certPem)];
});

after(() => rmSync(root, { recursive: true, force: true }));

describe('signJwt and verifyJwt', () => {
  it('return the signed claims when verified with the keys jwkFromCertificate publishes', async () => {
    const token = await signJwt(claims, signer, { lifetimeSeconds, now: issuedAt });
    const payload = await verifyJwt(token, options());
    assert.deepEqual(payload, { ...claims, iat: issuedAtSeconds, nbf: issuedAtSeconds, exp: issuedAtSeconds + lifetimeSeconds });
  });

  it('name the certificate in the header: kid and x5t are its base64url SHA-1 thumbprint', async () => {
    const token = await signJwt(claims, signer, { lifetimeSeconds, now: issuedAt });
    const expected = createHash('sha1').update(new X509Certificate(signer.certPem).raw).digest('base64url');
    assert.equal(thumbprint(signer.certPem), expected);
    assert.deepEqual(headerOf(token), { typ: 'JWT', alg: 'RS256', x5t: expected, kid: expected });
  });

  it('publish a JWK whose kid and x5t match the header and whose x5c is the certificate', () => {
    const [jwk] = keys;
    const expected = thumbprint(signer.certPem);
    assert.equal(jwk?.kid, expected);
    assert.equal(jwk?.x5t, expected);
    assert.equal(jwk?.alg, 'RS256');
    assert.deepEqual(jwk?.x5c, [new X509Certificate(signer.certPem).raw.toString('base64')]);
    assert.equal(jwk?.d, undefined);
  });
});

describe('verifyJwt expiry, with the clock frozen', () => {
  it('accepts a token 299 s past its exp, inside the 300 s clock skew', async () => {
    const token = await signJwt(claims, signer, { lifetimeSeconds, now: issuedAt });
    assert.equal((await verifyJwt(token, options({ now: expiresAt(299) }))).upn, 'joe@contoso.test');
  });

  it('rejects a token 301 s past its exp with TOKEN_EXPIRED', async () => {
    const token = await signJwt(claims, signer, { lifetimeSeconds, now: issuedAt });
    await assertInvalidToken(token, 'TOKEN_EXPIRED', { now: expiresAt(301) });
  });

  it('rejects a token 1 s past its exp when the clock tolerance is set to 0', async () => {
    const token = await signJwt(claims, signer, { lifetimeSeconds, now: issuedAt });
    await assertInvalidToken(token, 'TOKEN_EXPIRED', { now: expiresAt(1), clockToleranceSeconds: 0 });
  });

  it('rejects a token without exp with TOKEN_CLAIM_EXP', async () => {
    const { exp: _exp, ...payload } = validPayload();
    await assertInvalidToken(handSigned({ typ: 'JWT', alg: 'RS256', kid: keys[0]?.kid }, payload, signer.keyPem), 'TOKEN_CLAIM_EXP');
  });
});

describe('verifyJwt audience and issuer', () => {
  it('rejects a token for another audience with TOKEN_CLAIM_AUD', async () => {
    const token = await signJwt({ ...claims, aud: 'https://graph.windows.test' }, signer, { lifetimeSeconds, now: issuedAt });
    await assertInvalidToken(token, 'TOKEN_CLAIM_AUD');
  });

  it('rejects a token from another issuer with TOKEN_CLAIM_ISS', async () => {
    const token = await signJwt({ ...claims, iss: 'https://sts.windows.test/00000000-0000-0000-0000-000000000000/' }, signer, { lifetimeSeconds, now: issuedAt });
    await assertInvalidToken(token, 'TOKEN_CLAIM_ISS');
  });
});

describe('verifyJwt keys', () => {
  it('rejects a token signed by exchange-online-auth that carries azure-auth’s kid with TOKEN_SIGNATURE', async () => {
    const impostor: KeyPair = { certPem: signer.certPem, keyPem: stranger.keyPem };
    const token = await signJwt(claims, impostor, { lifetimeSeconds, now: issuedAt });
    assert.equal(headerOf(token).kid, keys[0]?.kid);
    await assertInvalidToken(token, 'TOKEN_SIGNATURE');
  });

  it('rejects a token whose kid the issuer does not publish with TOKEN_UNKNOWN_KEY', async () => {
    const token = await signJwt(claims, stranger, { lifetimeSeconds, now: issuedAt });
    await assertInvalidToken(token, 'TOKEN_UNKNOWN_KEY');
  });

  it('rejects a token whose payload was changed after signing with TOKEN_SIGNATURE', async () => {
    const [header, , signature] = (await signJwt(claims, signer, { lifetimeSeconds, now: issuedAt })).split('.');
    const tampered = `${header}.${segment({ ...validPayload(), upn: 'admin@contoso.onmicrosoft.test' })}.${signature}`;
    await assertInvalidToken(tampered, 'TOKEN_SIGNATURE');
  });
});

describe('verifyJwt algorithms', () => {
  it('rejects an unsigned alg none token with TOKEN_ALG', async () => {
    const token = `${segment({ typ: 'JWT', alg: 'none', kid: keys[0]?.kid })}.${segment(validPayload())}.`;
    await assertInvalidToken(token, 'TOKEN_ALG');
  });

  it('rejects an HS256 token keyed with the RSA public key PEM (RS→HS confusion) with TOKEN_ALG', async () => {
    const publicPem = createPublicKey(signer.certPem).export({ type: 'spki', format: 'pem' }).toString();
    const input = `${segment({ typ: 'JWT', alg: 'HS256', kid: keys[0]?.kid })}.${segment(validPayload())}`;
    const token = `${input}.${createHmac('sha256', publicPem).update(input).digest('base64url')}`;
    await assertInvalidToken(token, 'TOKEN_ALG');
  });
});

describe('verifyJwt header keys', () => {
  const kid = (): string | undefined => keys[0]?.kid;

  it('rejects a token carrying its own jwk, even a correct one, with TOKEN_HEADER_KEY', async () => {
    const { kty, n, e } = keys[0]!;
    await assertInvalidToken(handSigned({ alg: 'RS256', kid: kid(), jwk: { kty, n, e } }, validPayload(), signer.keyPem), 'TOKEN_HEADER_KEY');
  });

  it('rejects a token carrying a jku with TOKEN_HEADER_KEY', async () => {
    await assertInvalidToken(handSigned({ alg: 'RS256', kid: kid(), jku: 'https://attacker.test/keys' }, validPayload(), signer.keyPem), 'TOKEN_HEADER_KEY');
  });

  it('rejects a token carrying an x5c with TOKEN_HEADER_KEY', async () => {
    await assertInvalidToken(handSigned({ alg: 'RS256', kid: kid(), x5c: keys[0]?.x5c }, validPayload(), signer.keyPem), 'TOKEN_HEADER_KEY');
  });

  it('accepts the same hand-signed token without those headers, so the header alone decides', async () => {
    const payload = await verifyJwt(handSigned({ alg: 'RS256', kid: kid() }, validPayload(), signer.keyPem), options());
    assert.equal(payload.upn, 'joe@contoso.test');
  });
});

describe('verifyJwt on garbage', () => {
  it('rejects input that is not a JWS compact serialization with TOKEN_MALFORMED', async () => {
    for (const garbage of ['', 'garbage', 'a.b.c', '!!!.@@@.###']) await assertInvalidToken(garbage, 'TOKEN_MALFORMED');
  });

  it('rejects a well-formed RS256 header over a payload that is not JSON with TOKEN_INVALID', async () => {
    const input = `${segment({ alg: 'RS256', kid: keys[0]?.kid })}.${Buffer.from('not json').toString('base64url')}`;
    await assertInvalidToken(`${input}.${sign('sha256', Buffer.from(input), signer.keyPem).toString('base64url')}`, 'TOKEN_INVALID');
  });
});
