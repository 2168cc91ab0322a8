import assert from 'node:assert/strict';
import { verify } from 'node:crypto';
import { describe, it } from 'node:test';
import { AppTokenCache } from '../app-token-cache.ts';
import { buildClientAssertion } from '../client-assertion.ts';
import { decodeCompactJwt } from '../compact-jwt.ts';
import { exchangePrincipal } from '../principals.ts';
import { buildStsMetadata, trustedIssuerFromMetadata } from '../sts-metadata.ts';
import { buildTokenRequestForm, jwtBearerAssertionType } from '../token-request.ts';
import { attacker, now, realm, sts, thumbprintOf } from './fixtures.ts';

describe('S2S token pieces (MS-XOAUTH 3.2.5.2, server-flows §1.2–1.3, §1.7)', () => {
  it('builds the self-signed client assertion: RS256, x5t of the Auth certificate, ACS audience, iss = nameid', async () => {
    const assertion = await buildClientAssertion({ appId: exchangePrincipal, tenantId: realm, signer: attacker, now });
    const decoded = decodeCompactJwt(assertion)!;
    assert.deepEqual(decoded.header, { typ: 'JWT', alg: 'RS256', x5t: thumbprintOf(attacker) });
    assert.deepEqual(decoded.claims, {
      aud: `00000001-0000-0000-c000-000000000000/accounts.accesscontrol.windows.test@${realm}`,
      iss: `${exchangePrincipal}@${realm}`,
      nameid: `${exchangePrincipal}@${realm}`,
      nbf: String(now.getTime() / 1000),
      exp: String(now.getTime() / 1000 + 600),
    });
    assert.ok(verify('sha256', Buffer.from(decoded.signingInput), attacker.certPem, Buffer.from(decoded.signature, 'base64url')));
  });

  it('builds the token request form with RFC 7523 names and resource principal/host@realm', () => {
    const form = buildTokenRequestForm({ appId: exchangePrincipal, tenantId: realm, clientAssertion: 'a.b.c', targetPrincipal: exchangePrincipal, targetHost: 'outlook.office365.test' });
    assert.deepEqual(Object.fromEntries(form), {
      grant_type: 'client_credentials',
      client_id: `${exchangePrincipal}@${realm}`,
      client_assertion_type: jwtBearerAssertionType,
      client_assertion: 'a.b.c',
      resource: `${exchangePrincipal}/outlook.office365.test@${realm}`,
    });
  });

  it('reads trust from metadata by recomputing each x5t, and refuses another realm', () => {
    const document = buildStsMetadata(realm, [sts.certPem]);
    const tampered = { ...document, keys: [{ ...document.keys[0]!, keyInfo: { x5t: thumbprintOf(attacker) } }] };
    const trust = trustedIssuerFromMetadata(tampered, realm);
    assert.deepEqual([...trust.keysByX5t.keys()], [thumbprintOf(sts)]);
    assert.throws(() => trustedIssuerFromMetadata(document, 'another-realm'), { code: 'S2S_METADATA_INVALID' });
  });
});

describe('the app token cache', () => {
  function clock(): { now: () => Date; advance(seconds: number): void } {
    let at = now.getTime();
    return { now: () => new Date(at), advance: (seconds) => void (at += seconds * 1000) };
  }

  it('reuses a token for its audience until expires_in minus 300 s, then fetches a new one', async () => {
    const time = clock();
    const cache = new AppTokenCache({ now: time.now });
    let fetched = 0;
    const fetch = async () => ({ accessToken: `token-${++fetched}`, expiresInSeconds: 3600 });
    assert.equal(await cache.get('aud-a', fetch), 'token-1');
    assert.equal(await cache.get('aud-a', fetch), 'token-1');
    assert.equal(await cache.get('aud-b', fetch), 'token-2');
    time.advance(3299);
    assert.equal(await cache.get('aud-a', fetch), 'token-1');
    time.advance(1);
    assert.equal(await cache.get('aud-a', fetch), 'token-3');
  });

  it('serves a token that has not expired when the token service is unreachable, and fails once it has', async () => {
    const time = clock();
    const cache = new AppTokenCache({ now: time.now });
    await cache.get('aud', async () => ({ accessToken: 'cached', expiresInSeconds: 3600 }));
    const down = async (): Promise<never> => {
      throw new Error('ECONNREFUSED');
    };
    time.advance(3500);
    assert.equal(await cache.get('aud', down), 'cached');
    time.advance(100);
    await assert.rejects(cache.get('aud', down), /ECONNREFUSED/);
  });

  it('makes one fetch for concurrent requests of one audience', async () => {
    const cache = new AppTokenCache({ now: clock().now });
    let fetched = 0;
    const fetch = async () => ({ accessToken: `token-${++fetched}`, expiresInSeconds: 3600 });
    assert.deepEqual(await Promise.all([cache.get('aud', fetch), cache.get('aud', fetch)]), ['token-1', 'token-1']);
  });
});
