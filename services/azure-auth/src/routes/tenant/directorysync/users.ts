import type { FastifyInstance } from 'fastify';
import type { AzureAuthRuntime } from '../../../domain/runtime.ts';
import { userView } from '../../../domain/user-view.ts';
import { hostConstraints } from '../../hosts.ts';
import { authorizeSyncCall } from './sync-caller.ts';

/** `GET /<tenantId>/directorysync/users`: synced and cloud users, soft-deleted ones marked, never credentials. */
export function registerSyncUsers(app: FastifyInstance, runtime: AzureAuthRuntime): void {
  app.get<{ Params: { tenantId: string } }>('/:tenantId/directorysync/users', { constraints: { host: hostConstraints.adminWebService }, config: { errorFormat: 'json' } }, async (request) => {
    await authorizeSyncCall(runtime, request);
    return { users: runtime.users.list().map(userView) };
  });
}
