import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadServiceConfig } from '../../../../shared/config/service-config.ts';
import type { DirectoryLogon } from '../../../../shared/ldap/directory-logon.ts';
import { createLogger } from '../../../../shared/logging/logger.ts';
import { ensurePki, loadKeyPair } from '../../../../shared/pki/index.ts';
import { buildService, createServiceContext } from '../../../../shared/service/run.ts';
import { createExchangeOnpremService, type ExchangeOnpremOptions } from '../../src/app.ts';
import type { KeyPair } from '../../../../shared/pki/index.ts';
import { loadSeed } from '../../../../shared/seed/seed.ts';
import { netlogonStandIn, type NetlogonStandIn } from '../../../../test/support/netlogon-stand-in.ts';

/**
 * exchange-onprem as the lab builds it, in a temporary state directory with a fresh PKI,
 * its dc replaced by a directory stand-in that knows the seed's passwords for Basic and
 * by the NETLOGON stand-in for NTLM (the integration tests use the real dc).
 */
const passwords: Readonly<Record<string, { password: string; upn: string; guid: string }>> = {
  'mary@contoso.test': { password: 'Mary!Lab2026', upn: 'mary@contoso.test', guid: '6d2a4f1e-8b3c-4e5a-9f10-2b3c4d5e6f71' },
  'alex@contoso.test': { password: 'Alex!Lab2026', upn: 'alex@contoso.test', guid: '8a7b6c5d-4e3f-4a1b-9c8d-0e1f2a3b4c5d' },
  'administrator@contoso.test': { password: 'DomainAdmin!Lab2026', upn: 'administrator@contoso.test', guid: '7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e' },
  'eve@contoso.test': { password: 'Eve!Lab2026', upn: 'eve@contoso.test', guid: '0d1e2f3a-4b5c-4d6e-9f7a-8b9c0d1e2f3a' },
};

async function standInDirectory(userName: string, password: string): Promise<DirectoryLogon> {
  const user = passwords[userName.toLowerCase()];
  if (!user) return { ok: false, failure: 'no-such-user' };
  if (user.upn.startsWith('eve@')) return { ok: false, failure: 'account-disabled' };
  if (user.password !== password) return { ok: false, failure: 'bad-password' };
  return { ok: true, user: { objectGUID: user.guid, userPrincipalName: user.upn } };
}

export interface OnpremTestBed {
  readonly app: FastifyInstance;
  readonly authCertificatePem: string;
  readonly clock: { now: Date };
  /** The dc's NETLOGON pass-through, as NTLM reaches it. */
  readonly netlogon: NetlogonStandIn;
  key(name: string): KeyPair;
  dispose(): Promise<void>;
}

export async function createOnpremTestBed(options: Omit<ExchangeOnpremOptions, 'now' | 'passwordCheck' | 'windowsLogon'> = {}): Promise<OnpremTestBed> {
  const dir = mkdtempSync(join(tmpdir(), 'hybrid-lab-exonprem-'));
  const certsDir = join(dir, 'certs');
  ensurePki(certsDir);
  const config = loadServiceConfig({ LAB_CONTAINER: 'exchange-onprem', LAB_ADDRESS_PLAN: 'local', LAB_RESOLVER: 'topology', LAB_CERTS_DIR: certsDir, LAB_STATE_DIR: join(dir, 'state'), LAB_LOG_LEVEL: 'silent' });
  const context = createServiceContext(config, createLogger({ service: 'exchange-onprem', level: 'silent' }));
  const clock = { now: new Date('2026-03-02T08:30:00Z') };
  const netlogon = await netlogonStandIn(loadSeed(config.seedFile), 'exchange-onprem');
  const app = await buildService(createExchangeOnpremService({ ...options, now: () => clock.now, passwordCheck: () => standInDirectory, windowsLogon: () => netlogon }), context);
  return {
    app,
    clock,
    netlogon,
    key: (name) => loadKeyPair(certsDir, name),
    authCertificatePem: loadKeyPair(certsDir, 'signing/exchange-onprem-auth').certPem,
    async dispose() {
      await app.close();
      await context.http.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function basic(userName: string, password: string): string {
  return `Basic ${Buffer.from(`${userName}:${password}`, 'utf8').toString('base64')}`;
}

export const mary = basic('mary@contoso.test', 'Mary!Lab2026');

export function post(app: FastifyInstance, url: string, payload: string, authorization?: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url, headers: { host: 'mail.contoso.test', 'content-type': 'text/xml; charset=utf-8', ...(authorization ? { authorization } : {}), ...headers }, payload });
}
