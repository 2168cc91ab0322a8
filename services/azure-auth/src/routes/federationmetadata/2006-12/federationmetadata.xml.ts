import type { FastifyInstance } from 'fastify';
import { signedGatewayMetadata } from '../../../domain/federation-gateway/metadata.ts';
import type { AzureAuthRuntime } from '../../../domain/runtime.ts';
import { hostConstraints } from '../../hosts.ts';

/** `GET /federationmetadata/2006-12/federationmetadata.xml` on nexus: the federation gateway's signed metadata. */
export function registerGatewayMetadata(app: FastifyInstance, runtime: AzureAuthRuntime): void {
  app.get('/federationmetadata/2006-12/federationmetadata.xml', { constraints: { host: hostConstraints.nexus }, config: { errorFormat: 'text' as const } }, async (_request, reply) => {
    return reply.type('text/xml; charset=utf-8').send(signedGatewayMetadata(runtime.gatewayKeys));
  });
}
