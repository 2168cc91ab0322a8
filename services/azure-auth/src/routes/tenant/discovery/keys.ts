import type { FastifyInstance } from 'fastify';
import type { AzureAuthRuntime } from '../../../domain/runtime.ts';
import { hostConstraints } from '../../hosts.ts';

/** `GET /common/discovery/keys` (and per tenant): the JWKS, from the signing certificate (jwkFromCertificate). */
export function registerDiscoveryKeys(app: FastifyInstance, runtime: AzureAuthRuntime): void {
  app.get<{ Params: { tenant: string } }>('/:tenant/discovery/keys', { constraints: { host: hostConstraints.login } }, async (request, reply) => {
    runtime.directory.resolve(request.params.tenant);
    reply.header('cache-control', 'max-age=86400, private');
    return { keys: runtime.signing.keys };
  });
}
