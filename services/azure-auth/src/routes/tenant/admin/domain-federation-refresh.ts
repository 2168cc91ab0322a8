import type { FastifyInstance } from 'fastify';
import type { FederationMetadataMonitor } from '../../../domain/federation/metadata-monitor.ts';
import type { AzureAuthRuntime } from '../../../domain/runtime.ts';
import { hostConstraints } from '../../hosts.ts';
import { domainOf } from './domain-federation.ts';

/**
 * `POST /<tenantId>/admin/domains/<domain>/federation/refresh` (GlobalAdministrator): refresh
 * the domain's trust from its federation metadata now instead of at the next scheduled
 * round (`lab federation refresh`). 200 with the new trust and SigningCertificateUpdateStatus;
 * refused metadata is a 502 whose `error` says why (METADATA_UNSIGNED, METADATA_UNTRUSTED_SIGNATURE,
 * METADATA_WRONG_ENTITY, …), with the trust unchanged.
 */
export function registerAdminDomainFederationRefresh(app: FastifyInstance, runtime: AzureAuthRuntime, monitor: FederationMetadataMonitor): void {
  const options = { constraints: { host: hostConstraints.login }, config: { errorFormat: 'json' as const } };
  app.post<{ Params: { tenantId: string; domain: string } }>('/:tenantId/admin/domains/:domain/federation/refresh', options, async (request) => {
    const domain = await domainOf(runtime, request);
    return monitor.refresh(domain, request.id);
  });
}
