import type { FastifyInstance } from 'fastify';
import { signedFederationMetadata } from '../../../domain/metadata/sign-metadata.ts';
import type { AdfsRuntime } from '../../../domain/runtime.ts';

/** `GET /FederationMetadata/2007-06/FederationMetadata.xml`: signed metadata (client-flows §1.8), signed afresh per request. */
export function registerFederationMetadata(app: FastifyInstance, runtime: AdfsRuntime): void {
  app.get('/FederationMetadata/2007-06/FederationMetadata.xml', { config: { errorFormat: 'text' } }, async (_request, reply) => {
    const { tokenSigning, config } = runtime;
    return reply.type('text/xml; charset=utf-8').send(signedFederationMetadata(tokenSigning, config.issuer, config.federationServiceName));
  });
}
