import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadServiceConfig } from '../../../../shared/config/service-config.ts';
import { createLogger } from '../../../../shared/logging/logger.ts';
import { ensurePki } from '../../../../shared/pki/index.ts';
import { loadSeed, type Seed } from '../../../../shared/seed/seed.ts';
import { buildService, createServiceContext } from '../../../../shared/service/run.ts';
import { createAzureAuthService, type AzureAuthServiceOptions } from '../../src/app.ts';
import { defaultAzureAuthConfig, type AzureAuthConfig } from '../../src/config.ts';
import { FrozenClock } from './frozen-clock.ts';

/** One certificates directory per test file: generating keys is the slow part. */
let certsDir: string | undefined;
function sharedCerts(): string {
  if (!certsDir) {
    certsDir = mkdtempSync(join(tmpdir(), 'hybrid-lab-azure-auth-certs-'));
    ensurePki(certsDir);
    process.once('exit', () => rmSync(certsDir!, { recursive: true, force: true }));
  }
  return certsDir;
}

export interface TestAzureAuth {
  readonly app: FastifyInstance;
  readonly clock: FrozenClock;
  readonly stateDir: string;
  readonly certsDir: string;
  readonly seed: Seed;
  readonly tenantId: string;
  /** Closes this app and builds a new one on the same state directory (a restart). */
  rebuild(): Promise<TestAzureAuth>;
  close(): Promise<void>;
}

/** azure-auth built with `buildService` and driven by `inject`: no socket is bound. */
export async function startAzureAuth(options: { readonly config?: Partial<AzureAuthConfig>; readonly stateDir?: string; readonly clock?: FrozenClock; readonly service?: AzureAuthServiceOptions } = {}): Promise<TestAzureAuth> {
  const certs = sharedCerts();
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'hybrid-lab-azure-auth-state-'));
  const clock = options.clock ?? new FrozenClock();
  const config = loadServiceConfig({ LAB_CONTAINER: 'azure-auth', LAB_ADDRESS_PLAN: 'local', LAB_RESOLVER: 'topology', LAB_CERTS_DIR: certs, LAB_STATE_DIR: stateDir, LAB_LOG_LEVEL: 'silent' });
  const context = createServiceContext(config, createLogger({ service: 'azure-auth', level: 'silent' }));
  const app = await buildService(createAzureAuthService({ ...defaultAzureAuthConfig, ...options.config, clock: clock.now }, options.service), context);
  await app.ready();
  const seed = loadSeed();
  const close = async (): Promise<void> => {
    await app.close();
    await context.http.close();
  };
  return {
    app,
    clock,
    stateDir,
    certsDir: certs,
    seed,
    tenantId: seed.tenant.id,
    async rebuild() {
      await close();
      return startAzureAuth({ ...options, stateDir, clock });
    },
    async close() {
      await close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
