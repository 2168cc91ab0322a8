import type { FastifyInstance } from 'fastify';
import { loadServiceConfig, type Environment, type ServiceConfig } from '../config/service-config.ts';
import { ConfigError } from '../errors/lab-error.ts';
import { createLabHttpClient } from '../http/client.ts';
import { createLogger, type Logger } from '../logging/logger.ts';
import { createServiceApp } from './create-app.ts';
import type { Closable, ServiceContext, ServiceDefinition } from './definition.ts';
import { closeServers, listenHttps } from './listen.ts';
import { loadTlsIdentity } from './tls-identity.ts';
import { TraceLog } from './trace.ts';
import { vantageOf } from './vantage.ts';

export interface RunningService {
  readonly context: ServiceContext;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

export function createServiceContext(config: ServiceConfig, logger: Logger): ServiceContext {
  const tls = loadTlsIdentity(config.certsDir, config.container);
  const vantage = vantageOf(config);
  return { config, logger, tls, vantage, http: createLabHttpClient({ vantage, tls: { ca: tls.ca }, logger }), trace: new TraceLog() };
}

/** Builds a service's app without listening (tests use `inject`). */
export async function buildService(definition: ServiceDefinition, context: ServiceContext): Promise<FastifyInstance> {
  const app = createServiceApp({
    config: context.config,
    logger: context.logger,
    tls: context.tls,
    errorFormat: definition.errorFormat,
    trace: context.trace,
    state: definition.state ? () => definition.state!(context) : undefined,
  });
  await definition.register(app, context);
  return app;
}

/** Builds and binds a service on its listeners; `close()` shuts it down cleanly. */
export async function startService(definition: ServiceDefinition, config: ServiceConfig, logger?: Logger): Promise<RunningService> {
  const context = createServiceContext(config, logger ?? createLogger({ service: config.container, level: config.logLevel }));
  const app = await buildService(definition, context);
  const servers = await listenHttps(app, config.listeners, context.tls, definition.requestClientCertificate);
  const extras: Closable[] = definition.startExtra ? await definition.startExtra(context) : [];
  context.logger.info({ listeners: config.listeners }, `${config.container} listening`);
  return {
    context,
    app,
    async close() {
      await Promise.all(extras.map((extra) => extra.close()));
      await closeServers(servers);
      await app.close();
      await context.http.close();
    },
  };
}

/**
 * A service's `main.ts`: read the environment once, start, stop cleanly on SIGTERM.
 * A bad setting prints the message naming it and exits with status 2.
 */
export async function runMain(definition: ServiceDefinition, env: Environment): Promise<void> {
  let config: ServiceConfig;
  try {
    config = loadServiceConfig({ LAB_CONTAINER: definition.container, ...env });
    if (config.container !== definition.container) {
      throw new ConfigError('LAB_CONTAINER', `is "${config.container}" but this is the ${definition.container} service`);
    }
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${definition.container}: ${error.message}`);
    process.exit(2);
  }
  let running: RunningService;
  try {
    running = await startService(definition, config);
  } catch (error) {
    // A service-specific setting is validated while the service builds; it fails the same way.
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${definition.container}: ${error.message}`);
    process.exit(2);
  }
  const stop = (signal: string): void => {
    running.context.logger.info(`${signal}: shutting down`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
