import type { FastifyInstance } from 'fastify';
import { LabError } from '../../../../shared/errors/lab-error.ts';
import type { ConnectorSpace, RunKind } from '../domain/connector-space.ts';
import type { SyncEngine } from '../domain/sync-engine.ts';

/**
 * dirsync's management API on corp (what Start-ADSyncSyncCycle is to AD Connect):
 * `POST /sync/run {"kind":"delta"|"full"|"passwords"}` runs a cycle and answers its
 * summary; `GET /sync/runs` lists recent runs.
 */
const kinds: readonly RunKind[] = ['full', 'delta', 'passwords'];

export function registerSyncRoutes(app: FastifyInstance, engine: SyncEngine, space: ConnectorSpace): void {
  app.post('/sync/run', async (request) => {
    const kind = (request.body as { kind?: unknown } | undefined)?.kind ?? 'delta';
    if (typeof kind !== 'string' || !kinds.includes(kind as RunKind)) {
      throw new LabError({ code: 'BAD_RUN_KIND', statusCode: 400, message: `kind is "${String(kind)}"; expected one of ${kinds.join(', ')}` });
    }
    return engine.run(kind as RunKind);
  });
  app.get('/sync/runs', async () => ({ runs: space.recentRuns() }));
}
