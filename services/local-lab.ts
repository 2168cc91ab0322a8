import { resolve } from 'node:path';
import { loadServiceConfig, type Environment } from '../shared/config/service-config.ts';
import { createLogger, type Logger } from '../shared/logging/logger.ts';
import { ensurePki } from '../shared/pki/index.ts';
import { startService, type RunningService } from '../shared/service/run.ts';
import { containerNames, containers, type ContainerName } from '../shared/topology/index.ts';
import { serviceFactories } from './registry.ts';

/**
 * The whole lab in one process without Docker (design §1, "Two ways to run"): every
 * service on its own loopback addresses (127.18.<network>.<host>, mirroring
 * 198.18.<network>.<host>), with the topology's DNS view of its networks and the
 * same certificates, HTTP client and edge as in Docker.
 */
export interface LocalLabOptions {
  readonly certsDir?: string;
  readonly stateDir?: string;
  readonly logLevel?: string;
  /** Services to leave out (tests put their own server in a service's place). */
  readonly without?: readonly ContainerName[];
  /** Extra settings, e.g. LAB_EDGE_RULES. */
  readonly env?: Environment;
  readonly logger?: Logger;
}

export interface LocalLab {
  readonly services: ReadonlyMap<ContainerName, RunningService>;
  readonly certsDir: string;
  /** Stops one service, as `docker compose stop <name>` would. */
  stop(container: ContainerName): Promise<void>;
  /** Starts a stopped service again on the same state: a restart. */
  start(container: ContainerName): Promise<void>;
  close(): Promise<void>;
}

function explainBindError(error: unknown, container: ContainerName): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES') {
    return new Error(`${container}: binding port 443 on loopback needs root or \`sysctl net.ipv4.ip_unprivileged_port_start=443\``, { cause: error });
  }
  if (code === 'EADDRINUSE') return new Error(`${container}: its address is in use; is another local lab running?`, { cause: error });
  return error instanceof Error ? error : new Error(String(error));
}

export async function startLocalLab(options: LocalLabOptions = {}): Promise<LocalLab> {
  const certsDir = resolve(options.certsDir ?? 'certs');
  const stateDir = resolve(options.stateDir ?? '.state/local');
  ensurePki(certsDir);
  const services = new Map<ContainerName, RunningService>();
  const envOf = (container: ContainerName): Environment => ({
    ...options.env,
    LAB_CONTAINER: container,
    LAB_ADDRESS_PLAN: 'local',
    LAB_RESOLVER: 'topology',
    LAB_CERTS_DIR: certsDir,
    LAB_STATE_DIR: `${stateDir}/${container}`,
    LAB_LOG_LEVEL: options.logLevel ?? 'info',
  });
  const start = async (container: ContainerName): Promise<void> => {
    const factory = serviceFactories[container];
    if (!factory || services.has(container)) return;
    const env = envOf(container);
    const config = loadServiceConfig(env);
    const logger = options.logger?.child({ service: container }) ?? createLogger({ service: container, level: config.logLevel });
    services.set(container, await startService(factory(env), config, logger).catch((error) => Promise.reject(explainBindError(error, container))));
  };
  const stop = async (container: ContainerName): Promise<void> => {
    await services.get(container)?.close();
    services.delete(container);
  };
  const close = async (): Promise<void> => {
    await Promise.all([...services.keys()].map(stop));
  };
  try {
    for (const container of containerNames) {
      if (containers[container].kind !== 'service' || options.without?.includes(container)) continue;
      await start(container);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { services, certsDir, start, stop, close };
}
