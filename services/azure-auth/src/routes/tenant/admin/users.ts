import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createCloudUser, type NewCloudUser } from '../../../domain/admin/create-user.ts';
import { authorizeBearer } from '../../../domain/oauth/bearer.ts';
import type { AzureAuthRuntime } from '../../../domain/runtime.ts';
import { userView } from '../../../domain/user-view.ts';
import { hostConstraints } from '../../hosts.ts';

/** The resource an admin token is for (docs/identity.md, "Tenant admin"). */
export const graphResource = 'https://graph.microsoft.test';

type AdminRequest = FastifyRequest<{ Params: { tenantId: string } }>;

async function authorizeAdmin(runtime: AzureAuthRuntime, request: AdminRequest): Promise<void> {
  runtime.directory.resolveById(request.params.tenantId);
  await authorizeBearer(runtime, request.headers.authorization, { audiences: [graphResource, `${graphResource}/`], role: 'GlobalAdministrator', hop: 'admin → azure-auth tenant admin' });
}

const body = {
  type: 'object',
  required: ['userPrincipalName', 'displayName', 'password'],
  additionalProperties: false,
  properties: {
    userPrincipalName: { type: 'string', minLength: 3, maxLength: 113 },
    displayName: { type: 'string', minLength: 1, maxLength: 256 },
    password: { type: 'string', minLength: 1, maxLength: 256 },
    mail: { type: 'string', minLength: 3, maxLength: 256 },
    immutableId: { type: 'string', minLength: 1, maxLength: 256 },
  },
} as const;

/** `GET` and `POST /<tenantId>/admin/users` on login: list users, create cloud users (GlobalAdministrator only). */
export function registerAdminUsers(app: FastifyInstance, runtime: AzureAuthRuntime): void {
  const options = { constraints: { host: hostConstraints.login }, config: { errorFormat: 'json' as const } };
  app.get<{ Params: { tenantId: string } }>('/:tenantId/admin/users', options, async (request) => {
    await authorizeAdmin(runtime, request);
    return { users: runtime.users.list().filter((user) => user.deletedAt === null).map(userView) };
  });
  app.post<{ Params: { tenantId: string }; Body: NewCloudUser }>('/:tenantId/admin/users', { ...options, schema: { body } }, async (request, reply) => {
    await authorizeAdmin(runtime, request);
    const user = await createCloudUser(runtime.directory, runtime.users, request.body, runtime.config.clock());
    return reply.code(201).send(userView(user));
  });
}
