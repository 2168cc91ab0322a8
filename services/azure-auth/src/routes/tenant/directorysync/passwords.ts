import type { FastifyInstance } from 'fastify';
import type { AzureAuthRuntime } from '../../../domain/runtime.ts';
import { applyPasswordCredential } from '../../../domain/sync/apply-password.ts';
import { hostConstraints } from '../../hosts.ts';
import { authorizeSyncCall } from './sync-caller.ts';

const body = {
  type: 'object',
  required: ['credentials'],
  properties: { credentials: { type: 'array', maxItems: 5000, items: { type: 'object' } } },
} as const;

/** `POST /<tenantId>/directorysync/passwords`: password hash sync, the PHS string stored as sent (client-flows §4). */
export function registerSyncPasswords(app: FastifyInstance, runtime: AzureAuthRuntime): void {
  app.post<{ Params: { tenantId: string }; Body: { credentials: Record<string, unknown>[] } }>(
    '/:tenantId/directorysync/passwords',
    { constraints: { host: hostConstraints.adminWebService }, config: { errorFormat: 'json' }, schema: { body } },
    async (request) => {
      await authorizeSyncCall(runtime, request);
      return { results: request.body.credentials.map((credential) => applyPasswordCredential(runtime.users, credential)) };
    },
  );
}
