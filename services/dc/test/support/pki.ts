import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServiceConfig, type ServiceConfig } from '../../../../shared/config/service-config.ts';
import { ensurePki } from '../../../../shared/pki/index.ts';

/** A dc configuration on a throw-away certificates and state directory, quiet logs. */
export function temporaryDcConfig(): { config: ServiceConfig; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'hybrid-lab-dc-svc-'));
  ensurePki(join(dir, 'certs'));
  const config = loadServiceConfig({ LAB_CONTAINER: 'dc', LAB_ADDRESS_PLAN: 'local', LAB_RESOLVER: 'topology', LAB_CERTS_DIR: join(dir, 'certs'), LAB_STATE_DIR: join(dir, 'state'), LAB_LOG_LEVEL: 'silent' });
  return { config, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
