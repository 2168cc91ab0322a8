import type { FastifyInstance } from 'fastify';
import type { AzureAuthRuntime } from '../../../domain/runtime.ts';
import { applySyncObject } from '../../../domain/sync/apply-object.ts';
import { hostConstraints } from '../../hosts.ts';
import { authorizeSyncCall } from './sync-caller.ts';

const body = {
  type: 'object',
  required: ['objects'],
  properties: { objects: { type: 'array', maxItems: 5000, items: { type: 'object' } } },
} as const;

/** `POST /<tenantId>/directorysync/objects`: add, match, update or soft-delete users (client-flows §5). */
export function registerSyncObjects(app: FastifyInstance, runtime: AzureAuthRuntime): void {
  app.post<{ Params: { tenantId: string }; Body: { objects: Record<string, unknown>[] } }>(
    '/:tenantId/directorysync/objects',
    { constraints: { host: hostConstraints.adminWebService }, config: { errorFormat: 'json' }, schema: { body } },
    async (request) => {
      await authorizeSyncCall(runtime, request);
      const context = { database: runtime.database, directory: runtime.directory, users: runtime.users, now: runtime.config.clock() };
      return { results: request.body.objects.map((object) => applySyncObject(context, object)) };
    },
  );
}
