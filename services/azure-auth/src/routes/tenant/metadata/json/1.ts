import type { FastifyInstance } from 'fastify';
import { LabError } from '../../../../../../../shared/errors/lab-error.ts';
import { buildStsMetadata } from '../../../../../../../shared/s2s/sts-metadata.ts';
import type { AzureAuthRuntime } from '../../../../domain/runtime.ts';
import { hostConstraints } from '../../../hosts.ts';

/**
 * `GET /<tenantId>/metadata/json/1` on accounts.accesscontrol (server-flows §1.7): the
 * S2S token service's issuer, issuance endpoint and signing certificates, which an
 * AuthServer (`WindowsAzureACS`) reads to trust actor tokens. Keys are the OAuth signing
 * certificate and, during a rollover, the one it replaced.
 */
export function registerStsMetadata(app: FastifyInstance, runtime: AzureAuthRuntime): void {
  app.get<{ Params: { tenantId: string } }>('/:tenantId/metadata/json/1', { constraints: { host: hostConstraints.accessControl }, config: { errorFormat: 'oauth' } }, async (request, reply) => {
    const tenant = runtime.directory.tenant();
    if (request.params.tenantId !== tenant.id) {
      throw new LabError({ code: 'AADSTS90002', statusCode: 404, wireCode: 'invalid_request', message: `Tenant '${request.params.tenantId}' not found; the token service's realm is the tenant id ${tenant.id}.` });
    }
    const certificates = runtime.signing.keys.map((key) => Buffer.from(key.x5c![0]!, 'base64'));
    reply.header('cache-control', 'max-age=86400, private');
    return buildStsMetadata(tenant.id, certificates);
  });
}
