import type { Logger } from 'pino';
import type { DirsyncConfig } from '../config.ts';
import type { ConnectorSpace } from './connector-space.ts';
import type { SyncEngine } from './sync-engine.ts';

/**
 * AD Connect's two schedules: attributes every 30 minutes (a full import the first
 * time, deltas after), passwords every 2 minutes. The first cycle runs at start-up and
 * is retried every 10 seconds until it succeeds, since the dc or the cloud may still be
 * starting.
 */
export interface Schedule {
  readonly nextAttributeRunAt: () => string;
  stop(): void;
}

const retrySeconds = 10;

export function startSchedule(engine: SyncEngine, space: ConnectorSpace, config: DirsyncConfig, logger: Logger): Schedule {
  const timers = new Set<NodeJS.Timeout>();
  let nextAttributeRun = Date.now();
  let stopped = false;

  const later = (seconds: number, work: () => Promise<void>): void => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      work().catch((error: Error) => logger.error({ err: error }, 'scheduled sync failed'));
    }, seconds * 1000);
    timer.unref();
    timers.add(timer);
  };

  const attributes = async (): Promise<void> => {
    const summary = await engine.run(space.watermark('import') > 0 ? 'delta' : 'full');
    const again = summary.errors.length && space.watermark('import') === 0 ? retrySeconds : config.attributeIntervalSeconds;
    nextAttributeRun = Date.now() + again * 1000;
    later(again, attributes);
  };
  const passwords = async (): Promise<void> => {
    if (space.watermark('import') > 0) await engine.run('passwords');
    later(config.passwordIntervalSeconds, passwords);
  };

  later(0, attributes);
  later(config.passwordIntervalSeconds, passwords);
  return {
    nextAttributeRunAt: () => new Date(nextAttributeRun).toISOString(),
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
