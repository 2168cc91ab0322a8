import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadServiceConfig } from '../../../../shared/config/service-config.ts';
import type { LabHttpClient } from '../../../../shared/http/client.ts';
import { createLogger } from '../../../../shared/logging/logger.ts';
import { ensurePki, loadKeyPair, type KeyPair } from '../../../../shared/pki/index.ts';
import { loadSeed } from '../../../../shared/seed/seed.ts';
import { buildService, createServiceContext } from '../../../../shared/service/run.ts';
import { createExchangeOnlineService, type ExchangeOnlineOptions } from '../../src/app.ts';
import { owaSettings, type OwaSettings } from '../../src/config.ts';
import { createFakeAzureAuth, type FakeAzureAuth, type TestUser } from './fake-azure-auth.ts';

/**
 * exchange-online built as the local lab builds it (real config, PKI, context and
 * routes), driven with `inject`, with azure-auth replaced by the in-memory fake.
 */
export const users = {
  joe: { upn: 'joe@contoso.test', name: 'Joe Bloggs', oid: '3d0e6a51-7f41-4c7e-9a55-1f2d3c4b5a61' },
  ann: { upn: 'ann@contoso.onmicrosoft.test', name: 'Ann Cloud', oid: '8b1f2e3d-4c5b-4a69-8d7e-6f5a4b3c2d1e' },
  mary: { upn: 'mary@contoso.test', name: 'Mary Smith', oid: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d' },
} satisfies Record<string, TestUser>;

export interface OwaTestBed {
  readonly settings: OwaSettings;
  readonly fake: FakeAzureAuth;
  /** The frozen clock of the app and of the fake's tokens; tests move it. */
  readonly clock: { now: Date };
  key(name: string): KeyPair;
  /** A new app on the same state directory (a restart); `http` replaces the OWA fake as its outbound client. */
  build(http?: LabHttpClient): Promise<FastifyInstance>;
  dispose(): Promise<void>;
}

export async function createOwaTestBed(options: { readonly seedFile?: string; readonly now?: Date; readonly service?: Omit<ExchangeOnlineOptions, 'now'> } = {}): Promise<OwaTestBed> {
  const dir = mkdtempSync(join(tmpdir(), 'hybrid-lab-exo-'));
  const certsDir = join(dir, 'certs');
  ensurePki(certsDir);
  const env = { LAB_CONTAINER: 'exchange-online', LAB_ADDRESS_PLAN: 'local', LAB_RESOLVER: 'topology', LAB_CERTS_DIR: certsDir, LAB_STATE_DIR: join(dir, 'state'), LAB_LOG_LEVEL: 'silent' };
  const config = loadServiceConfig(options.seedFile ? { ...env, LAB_SEED: options.seedFile } : env);
  const settings = owaSettings(loadSeed(config.seedFile));
  const clock = { now: options.now ?? new Date('2026-03-02T08:30:00Z') };
  const fake = createFakeAzureAuth(settings, loadKeyPair(certsDir, 'signing/azure-auth-oauth-signing'), () => clock.now);
  const context = createServiceContext(config, createLogger({ service: 'exchange-online', level: 'silent' }));
  const apps: FastifyInstance[] = [];
  return {
    settings,
    fake,
    clock,
    key: (name) => loadKeyPair(certsDir, name),
    async build(http) {
      const app = await buildService(createExchangeOnlineService({ ...options.service, now: () => clock.now }), { ...context, http: http ?? fake });
      apps.push(app);
      return app;
    },
    async dispose() {
      await Promise.all(apps.map((app) => app.close()));
      await Promise.all([context.http.close(), fake.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function cookieOf(response: LightMyRequestResponse, name: string): string | undefined {
  return response.cookies.find((cookie) => cookie.name === name && cookie.value !== '')?.value;
}

/** GET /owa/ without a session: the sign-in cookie and the state and nonce OWA sent. */
export async function startSignIn(app: FastifyInstance): Promise<{ cookie: string; state: string; nonce: string; response: LightMyRequestResponse }> {
  const response = await app.inject({ method: 'GET', url: '/owa/', headers: { host: 'outlook.office365.test' } });
  const location = new URL(String(response.headers.location));
  return { cookie: cookieOf(response, 'owa-signin') ?? '', state: location.searchParams.get('state') ?? '', nonce: location.searchParams.get('nonce') ?? '', response };
}

export function formPost(app: FastifyInstance, fields: Record<string, string>, signInCookie?: string): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/owa/',
    headers: { host: 'outlook.office365.test', 'content-type': 'application/x-www-form-urlencoded' },
    cookies: signInCookie ? { 'owa-signin': signInCookie } : {},
    payload: new URLSearchParams(fields).toString(),
  });
}

/** The whole sign-in: redirect, azure-auth's form_post, and the session cookie it yields. */
export async function signIn(bed: OwaTestBed, app: FastifyInstance, user: TestUser): Promise<{ response: LightMyRequestResponse; session: string | undefined }> {
  const started = await startSignIn(app);
  const { code, idToken } = await bed.fake.authorize(user, started.nonce);
  const response = await formPost(app, { code, id_token: idToken, state: started.state }, started.cookie);
  return { response, session: cookieOf(response, 'owa-session') };
}

export function owaPage(app: FastifyInstance, session: string, url = '/owa/'): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url, headers: { host: 'outlook.office365.test' }, cookies: { 'owa-session': session } });
}
