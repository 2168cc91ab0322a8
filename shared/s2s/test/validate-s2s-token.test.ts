import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabError } from '../../errors/lab-error.ts';
import { prepareKeyPair } from '../../pki/key-objects.ts';
import { S2SAuthError } from '../challenge.ts';
import { unsignedJwt } from '../compact-jwt.ts';
import { exchangePrincipal, resourcePrincipal } from '../principals.ts';
import { validateS2SToken } from '../validate-s2s-token.ts';
import { actorToken, attacker, exchangeApp, hs256WithPublicKey, now, outer, policy, realm, signedActor, sts } from './fixtures.ts';

/** Asserts the token is refused with `code`, as a 401 carrying the §1.1 challenge pair and a diagnostics header. */
function refused(token: string, code: string, overrides = {}): S2SAuthError {
  let caught: unknown;
  try {
    validateS2SToken(token, policy(overrides));
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof S2SAuthError, `expected a refusal with ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.equal(caught.statusCode, 401);
  assert.match(caught.responseHeaders['x-ms-diagnostics']!, new RegExp(`^${code};reason="[^"]+";hop="exchange-online -> mail\\.contoso\\.test EWS \\(S2S OAuth\\)"`));
  return caught;
}

describe('the S2S receiver validator (MS-XOAUTH 3.2.5.6)', () => {
  it('accepts an outer token for Mary with a signed actor token, nbf/exp written as strings', async () => {
    const token = outer(await actorToken());
    assert.match(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).nbf, /^\d+$/);
    const caller = validateS2SToken(token, policy());
    assert.equal(caller.application, exchangeApp);
    assert.deepEqual(caller.user, { nameId: 'mary@contoso.test', smtp: 'mary@contoso.test' });
    assert.deepEqual(caller.audience, { principal: exchangePrincipal, host: 'mail.contoso.test', realm });
  });

  it('accepts numeric nbf/exp too, and a host name in another case', async () => {
    const seconds = now.getTime() / 1000;
    const actor = await signedActor({ nbf: seconds - 60, exp: seconds + 600, aud: resourcePrincipal(exchangePrincipal, 'MAIL.Contoso.TEST', realm) });
    const caller = validateS2SToken(outer(actor, { nbf: seconds, exp: seconds + 300 }), policy());
    assert.equal(caller.user?.smtp, 'mary@contoso.test');
  });

  it('accepts a signed app-only token, with no user', async () => {
    const caller = validateS2SToken(await actorToken(), policy());
    assert.equal(caller.user, undefined);
    assert.equal(caller.application, exchangeApp);
  });

  it('accepts an actor token 299 s past exp (the 300 s skew) and refuses one 300 s past', async () => {
    const actor = await actorToken();
    validateS2SToken(actor, policy({ now: new Date(now.getTime() + 3899_000) }));
    refused(actor, 'S2S_ACTOR_EXPIRED', { now: new Date(now.getTime() + 3900_000) });
  });

  it('refuses a token that is not a JWT', () => {
    refused('not.a.jwt', 'S2S_TOKEN_MALFORMED');
    refused('abc', 'S2S_TOKEN_MALFORMED');
  });

  it('refuses an unsigned token with no actor token (alg none)', () => {
    refused(unsignedJwt({ aud: 'x', iss: exchangeApp, nameid: 'mary@contoso.test' }), 'S2S_UNSIGNED_TOKEN');
  });

  it('refuses an unsigned actor token', () => {
    const actor = unsignedJwt({ aud: 'x', iss: 'y', nameid: exchangeApp, trustedfordelegation: 'true' });
    refused(outer(actor), 'S2S_ACTOR_UNSIGNED');
  });

  it('refuses a self-signed actor token (signed with the caller\'s own certificate)', async () => {
    refused(outer(await signedActor({}, attacker)), 'S2S_ACTOR_KEY_UNKNOWN');
  });

  it('refuses an actor token without trustedfordelegation when it acts for a user', async () => {
    refused(outer(await signedActor({ trustedfordelegation: undefined })), 'S2S_ACTOR_NOT_DELEGATABLE');
    refused(outer(await signedActor({ trustedfordelegation: 'false' })), 'S2S_ACTOR_NOT_DELEGATABLE');
  });

  it('refuses an outer iss that is not the actor nameid, also when only the case differs', async () => {
    const actor = await actorToken();
    refused(outer(actor, { iss: `00000003-0000-0ff1-ce00-000000000000@${realm}` }), 'S2S_OUTER_ISSUER_MISMATCH');
    refused(outer(actor, { iss: exchangeApp.toUpperCase() }), 'S2S_OUTER_ISSUER_MISMATCH');
  });

  it('refuses an audience for another host, realm or principal', async () => {
    const actor = await actorToken();
    refused(outer(actor, { aud: resourcePrincipal(exchangePrincipal, 'mail.fabrikam.test', realm) }), 'S2S_AUDIENCE_HOST');
    refused(outer(actor, { aud: resourcePrincipal(exchangePrincipal, 'mail.contoso.test', realm.toUpperCase()) }), 'S2S_AUDIENCE_REALM');
    refused(outer(actor, { aud: resourcePrincipal('00000003-0000-0ff1-ce00-000000000000', 'mail.contoso.test', realm) }), 'S2S_AUDIENCE_PRINCIPAL');
    refused(outer(actor, { aud: 'https://mail.contoso.test/' }), 'S2S_AUDIENCE_MALFORMED');
    refused(await actorToken({ resource: resourcePrincipal(exchangePrincipal, 'outlook.office365.test', realm) }), 'S2S_AUDIENCE_HOST');
  });

  it('refuses expired actor and outer tokens, and tokens without exp', async () => {
    refused(outer(await actorToken({ at: new Date(now.getTime() - 7200_000) })), 'S2S_ACTOR_EXPIRED');
    refused(outer(await actorToken(), { exp: String(now.getTime() / 1000 - 301) }), 'S2S_OUTER_EXPIRED');
    refused(outer(await signedActor({ exp: undefined })), 'S2S_ACTOR_LIFETIME_MISSING');
    refused(outer(await actorToken(), { nbf: undefined, exp: 'soon' }), 'S2S_OUTER_LIFETIME_MISSING');
  });

  it('refuses an actor token modified after signing', async () => {
    const [header, , signature] = (await actorToken()).split('.');
    const forged = Buffer.from(JSON.stringify({ aud: resourcePrincipal(exchangePrincipal, 'mail.contoso.test', realm), iss: `00000001-0000-0000-c000-000000000000@${realm}`, nbf: '1', exp: '9999999999', nameid: exchangeApp, trustedfordelegation: 'true' })).toString('base64url');
    refused(outer(`${header}.${forged}.${signature}`), 'S2S_ACTOR_SIGNATURE');
  });

  it('refuses HS256 keyed with the token service\'s public key (alg confusion)', async () => {
    const claims = { aud: resourcePrincipal(exchangePrincipal, 'mail.contoso.test', realm), iss: `00000001-0000-0000-c000-000000000000@${realm}`, nbf: '1', exp: '9999999999', nameid: exchangeApp, trustedfordelegation: 'true' };
    refused(outer(hs256WithPublicKey(claims)), 'S2S_ACTOR_ALG');
  });

  it('refuses keys carried in the header (jwk, jku, x5u, x5c, an odd kid)', async () => {
    const jwk = prepareKeyPair(attacker).privateKey.export({ format: 'jwk' });
    for (const header of [{ jwk: { kty: jwk.kty, n: jwk.n, e: jwk.e } }, { jku: 'https://evil.test/keys' }, { x5u: 'https://evil.test/cert' }, { x5c: ['MIIB'] }, { kid: '../../etc/passwd' }]) {
      refused(outer(await signedActor({}, sts, header)), 'S2S_ACTOR_HEADER_KEY');
    }
  });

  it('refuses an actor token from another issuer, even when signed with the trusted key', async () => {
    refused(outer(await signedActor({ iss: `00000001-0000-0000-c000-000000000000@0ther-tenant` })), 'S2S_ACTOR_ISSUER');
  });

  it('refuses an outer token that names no user', async () => {
    refused(outer(await actorToken(), { smtp: undefined }), 'S2S_OUTER_USER_MISSING');
  });

  it('sends the §1.1 challenge pair with every refusal', async () => {
    const error = refused(outer(await signedActor({}, attacker)), 'S2S_ACTOR_KEY_UNKNOWN');
    assert.ok(error instanceof LabError);
    assert.deepEqual(error.challenges, [`Bearer client_id="00000002-0000-0ff1-ce00-000000000000", trusted_issuers="00000001-0000-0000-c000-000000000000@${realm}"`, 'Basic Realm=""']);
  });
});
