import type { FastifyRequest } from 'fastify';
import { authorizeBearer } from '../../../domain/oauth/bearer.ts';
import type { AzureAuthRuntime } from '../../../domain/runtime.ts';
import type { Tenant } from '../../../domain/tenant.ts';
import { adminWebServiceHost } from '../../hosts.ts';

/**
 * Every directory sync call: the tenant in the path, and a Bearer token from the
 * password grant with resource https://adminwebservice.microsoftonline.test whose
 * user holds DirectorySynchronizationAccounts (docs/identity.md).
 */
export async function authorizeSyncCall(runtime: AzureAuthRuntime, request: FastifyRequest<{ Params: { tenantId: string } }>): Promise<Tenant> {
  const tenant = runtime.directory.resolveById(request.params.tenantId);
  await authorizeBearer(runtime, request.headers.authorization, {
    audiences: [`https://${adminWebServiceHost}`, `https://${adminWebServiceHost}/`],
    role: 'DirectorySynchronizationAccounts',
    hop: 'dirsync → azure-auth directory sync',
  });
  return tenant;
}
