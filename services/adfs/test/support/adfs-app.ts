import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadServiceConfig } from '../../../../shared/config/service-config.ts';
import { createLogger } from '../../../../shared/logging/logger.ts';
import { ensurePki, loadKeyPair, type KeyPair } from '../../../../shared/pki/index.ts';
import { loadSeed } from '../../../../shared/seed/seed.ts';
import { buildService, createServiceContext } from '../../../../shared/service/run.ts';
import { createAdfsService } from '../../src/app.ts';
import { defaultAdfsConfig, type AdfsConfig } from '../../src/config.ts';
import { netlogonStandIn, type NetlogonStandIn } from '../../../../test/support/netlogon-stand-in.ts';
import { seedDirectoryStandIn } from './seed-directory-stand-in.ts';

/** A clock that moves only when a test says so (style.md §9: frozen time for expiry). */
export class FrozenClock {
  #now = new Date(Math.floor(Date.now() / 1000) * 1000);
  readonly now = (): Date => new Date(this.#now);
  advance(seconds: number): void {
    this.#now = new Date(this.#now.getTime() + seconds * 1000);
  }
}

/** One certificates directory per test file: generating keys is the slow part. */
let certsDir: string | undefined;
function sharedCerts(): string {
  if (!certsDir) {
    certsDir = mkdtempSync(join(tmpdir(), 'hybrid-lab-adfs-certs-'));
    ensurePki(certsDir);
    process.once('exit', () => rmSync(certsDir!, { recursive: true, force: true }));
  }
  return certsDir;
}

export interface TestAdfs {
  readonly app: FastifyInstance;
  readonly clock: FrozenClock;
  readonly tokenSigning: KeyPair;
  readonly certsDir: string;
  /** The dc's NETLOGON pass-through, as Windows sign-in reaches it. */
  readonly netlogon: NetlogonStandIn;
  close(): Promise<void>;
}

/** adfs built with `buildService` and driven by `inject`, checking credentials against the seed directory stand-in; `settings` override config.ts's defaults. */
export async function startAdfs(settings: Partial<Omit<AdfsConfig, 'clock'>> = {}): Promise<TestAdfs> {
  const certs = sharedCerts();
  const stateDir = mkdtempSync(join(tmpdir(), 'hybrid-lab-adfs-state-'));
  const clock = new FrozenClock();
  const config = loadServiceConfig({ LAB_CONTAINER: 'adfs', LAB_ADDRESS_PLAN: 'local', LAB_RESOLVER: 'topology', LAB_CERTS_DIR: certs, LAB_STATE_DIR: stateDir, LAB_LOG_LEVEL: 'silent' });
  const context = createServiceContext(config, createLogger({ service: 'adfs', level: 'silent' }));
  const directory = await seedDirectoryStandIn(loadSeed());
  const netlogon = await netlogonStandIn(loadSeed());
  // inject() has no TLS socket, so the proxy-trust certificate cannot be presented here; these
  // tests take the proxy headers as a trusted WAP would send them. The certificate check itself
  // runs over real TLS in test/integration/wap-publishing.test.ts.
  const app = await buildService(createAdfsService({ config: { ...settings, clock: clock.now }, credentialChecker: () => directory, windowsLogonVerifier: () => netlogon, proxyTrust: () => () => undefined }), context);
  await app.ready();
  return {
    app,
    clock,
    tokenSigning: loadKeyPair(certs, defaultAdfsConfig.tokenSigningCertificate),
    certsDir: certs,
    netlogon,
    async close() {
      await app.close();
      await context.http.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
