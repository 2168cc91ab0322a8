import { createHash, randomUUID } from 'node:crypto';
import { Agent } from 'undici';
import { LabError } from '../../../../shared/errors/lab-error.ts';
import type { LabHttpClient, LabRequest, LabResponse } from '../../../../shared/http/client.ts';
import { jwkFromCertificate } from '../../../../shared/jwt/keys.ts';
import { signJwt } from '../../../../shared/jwt/sign.ts';
import type { KeyPair } from '../../../../shared/pki/index.ts';
import type { OwaSettings } from '../../src/config.ts';

/**
 * azure-auth as exchange-online's LabHttpClient sees it, without a network: discovery,
 * JWKS and the token endpoint answer from memory, with real RS256 tokens signed by a
 * key from the test's PKI. Tests change what it publishes or issues to break one thing.
 */
export interface TestUser {
  readonly upn: string;
  readonly name: string;
  readonly oid: string;
}

export interface FakeAzureAuth extends LabHttpClient {
  /** Every call, in order, with the parsed form of POSTs. */
  readonly calls: { url: string; method: string; form?: URLSearchParams }[];
  /** The keys the JWKS publishes; the first signs. */
  published: KeyPair[];
  /** Throws this LabError for every call, as the lab client does when azure-auth cannot be reached. */
  unreachable: LabError | undefined;
  /** What the token endpoint returns for a user's code; a real access token by default. */
  issueAccessToken: (user: TestUser) => Promise<string>;
  /** Answers the token endpoint with this status and body instead. */
  tokenResponse: { status: number; body: string } | undefined;
  /** The authorize step: a code for `user` and the id_token carrying `nonce`, as the form_post brings them. */
  authorize(user: TestUser, nonce: string, idTokenClaims?: Record<string, unknown>): Promise<{ code: string; idToken: string }>;
  jwksFetches(): number;
}

export function accessTokenClaims(user: TestUser, settings: OwaSettings): Record<string, unknown> {
  return {
    aud: settings.resource,
    iss: settings.issuer,
    tid: settings.tenantId,
    oid: user.oid,
    upn: user.upn,
    unique_name: user.upn,
    name: user.name,
    amr: ['pwd'],
    appid: settings.clientId,
    scp: 'user_impersonation',
    ver: '1.0',
  };
}

export function createFakeAzureAuth(settings: OwaSettings, signingKey: KeyPair, now: () => Date): FakeAzureAuth {
  const codes = new Map<string, TestUser>();
  const dispatcher = new Agent();
  const jwksUri = 'https://login.microsoftonline.test/common/discovery/keys';
  const json = (status: number, body: unknown): LabResponse => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), correlationId: randomUUID() });

  const fake: FakeAzureAuth = {
    calls: [],
    published: [signingKey],
    unreachable: undefined,
    tokenResponse: undefined,
    issueAccessToken: (user) => signJwt(accessTokenClaims(user, settings), fake.published[0]!, { lifetimeSeconds: 3600, now: now() }),
    async authorize(user, nonce, idTokenClaims = {}) {
      const code = randomUUID();
      codes.set(code, user);
      const c_hash = createHash('sha256').update(code).digest().subarray(0, 16).toString('base64url');
      const claims = { aud: settings.clientId, iss: settings.issuer, tid: settings.tenantId, oid: user.oid, upn: user.upn, name: user.name, nonce, c_hash, ...idTokenClaims };
      return { code, idToken: await signJwt(claims, fake.published[0]!, { lifetimeSeconds: 3600, now: now() }) };
    },
    jwksFetches: () => fake.calls.filter((call) => call.url === jwksUri).length,
    async request(url: string, init: LabRequest = {}) {
      const method = init.method ?? 'GET';
      const form = method === 'POST' ? new URLSearchParams(String(init.body ?? '')) : undefined;
      fake.calls.push({ url, method, form });
      if (fake.unreachable) throw fake.unreachable;
      if (url === settings.discoveryUrl) return json(200, { issuer: settings.issuer, authorization_endpoint: settings.authorizeEndpoint, token_endpoint: settings.tokenEndpoint, jwks_uri: jwksUri });
      if (url === jwksUri) return json(200, { keys: fake.published.map((pair) => jwkFromCertificate(pair.certPem)) });
      if (url === settings.tokenEndpoint && method === 'POST') {
        if (fake.tokenResponse) return { ...json(fake.tokenResponse.status, null), body: fake.tokenResponse.body };
        const user = codes.get(form?.get('code') ?? '');
        codes.delete(form?.get('code') ?? '');
        if (!user) return json(400, { error: 'invalid_grant', error_description: 'AADSTS70008: The provided authorization code has expired or was already used.' });
        return json(200, { token_type: 'Bearer', expires_in: '3600', resource: settings.resource, access_token: await fake.issueAccessToken(user) });
      }
      return json(404, { error: 'invalid_request', error_description: `NOT_FOUND: no route for ${method} ${url}` });
    },
    dispatcher,
    close: () => dispatcher.close(),
  };
  return fake;
}
