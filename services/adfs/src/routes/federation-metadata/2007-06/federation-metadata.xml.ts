import type { FastifyInstance } from 'fastify';
import { signedFederationMetadata } from '../../../domain/metadata/sign-metadata.ts';
import type { AdfsRuntime } from '../../../domain/runtime.ts';
import { publishedCertificates } from '../../../domain/token-signing/rollover.ts';

/**
 * `GET /FederationMetadata/2007-06/FederationMetadata.xml`: signed metadata (client-flows §1.8),
 * signed afresh per request by the primary token-signing certificate and publishing the
 * secondary too while a rollover is under way.
 */
export function registerFederationMetadata(app: FastifyInstance, runtime: AdfsRuntime): void {
  app.get('/FederationMetadata/2007-06/FederationMetadata.xml', { config: { errorFormat: 'text' } }, async (_request, reply) => {
    const { config } = runtime;
    const published = publishedCertificates(runtime.tokenSigningCertificates, config.clock(), config.previousCertificateGraceSeconds);
    const metadata = signedFederationMetadata({ signer: published[0]!, published, issuer: config.issuer, federationServiceName: config.federationServiceName });
    return reply.type('text/xml; charset=utf-8').send(metadata);
  });
}
