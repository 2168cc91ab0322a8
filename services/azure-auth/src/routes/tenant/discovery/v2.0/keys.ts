import type { FastifyInstance } from 'fastify';
import type { AzureAuthRuntime } from '../../../../domain/runtime.ts';
import { hostConstraints } from '../../../hosts.ts';

/** `GET /<tenant>/discovery/v2.0/keys`: the v2.0 metadata's `jwks_uri`; the same keys sign v1 and v2 tokens. */
export function registerV2DiscoveryKeys(app: FastifyInstance, runtime: AzureAuthRuntime): void {
  app.get<{ Params: { tenant: string } }>('/:tenant/discovery/v2.0/keys', { constraints: { host: hostConstraints.login } }, async (request, reply) => {
    runtime.directory.resolve(request.params.tenant);
    reply.header('cache-control', 'max-age=86400, private');
    return { keys: runtime.signing.keys };
  });
}
