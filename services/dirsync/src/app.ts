import type { Environment } from '../../../shared/config/service-config.ts';
import { loadSeed } from '../../../shared/seed/seed.ts';
import type { ServiceDefinition } from '../../../shared/service/definition.ts';
import { loadDirsyncConfig, type DirsyncConfig } from './config.ts';
import { ConnectorSpace } from './domain/connector-space.ts';
import { startSchedule, type Schedule } from './domain/scheduler.ts';
import { SyncEngine } from './domain/sync-engine.ts';
import { registerSyncRoutes } from './routes/sync.ts';

/**
 * Directory synchronization (flow F1): reads the dc over LDAPS, exports users to
 * azure-auth through the edge proxy, and syncs password hashes as hashes of hashes.
 */
export function dirsyncService(env: Environment): ServiceDefinition {
  let space: ConnectorSpace | undefined;
  let engine: SyncEngine | undefined;
  let schedule: Schedule | undefined;
  let config: DirsyncConfig | undefined;
  return {
    container: 'dirsync',
    errorFormat: 'json',
    register(app, context) {
      config = loadDirsyncConfig(env, loadSeed(context.config.seedFile));
      space = new ConnectorSpace(context.config.stateDir);
      engine = new SyncEngine(context, config, space);
      registerSyncRoutes(app, engine, space);
      app.addHook('onClose', async () => {
        schedule?.stop();
        space?.close();
      });
    },
    state: () => ({
      watermarks: space ? { import: space.watermark('import'), passwords: space.watermark('passwords') } : {},
      nextAttributeRunAt: schedule?.nextAttributeRunAt(),
      recentRuns: space?.recentRuns(5) ?? [],
    }),
    async startExtra(context) {
      if (env.LAB_SYNC_SCHEDULE !== 'off') schedule = startSchedule(engine!, space!, config!, context.logger);
      return [{ close: async () => schedule?.stop() }];
    },
  };
}
