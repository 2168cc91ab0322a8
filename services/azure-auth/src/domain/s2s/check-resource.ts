import { parseResourcePrincipal } from '../../../../../shared/s2s/principals.ts';
import type { ServicePrincipalStore } from './service-principals.ts';
import { invalidResource } from './sts-errors.ts';

/**
 * The `resource` of an S2S token request is `<principal>/<host>@<realm>` (server-flows
 * §1.3): the realm must be this tenant, the principal one of its service principals, and
 * the host one of that principal's SPNs — the check that "prevents tokens for any
 * arbitrary URL being requested" (seed 003).
 */
export function checkResource(resource: string, tenantId: string, principals: ServicePrincipalStore): void {
  const parts = parseResourcePrincipal(resource);
  if (!parts) throw invalidResource(`The resource '${resource}' is not <principal>/<host>@<realm>.`);
  if (parts.realm !== tenantId) throw invalidResource(`The resource principal named ${resource} was not found in the tenant named ${tenantId}: its realm is ${parts.realm}.`);
  if (!principals.exists(parts.principal)) throw invalidResource(`The resource principal named ${parts.principal} was not found in the tenant named ${tenantId}.`);
  if (!principals.hasHost(parts.principal, parts.host)) {
    throw invalidResource(
      `The resource principal named ${resource} was not found in the tenant named ${tenantId}: ${parts.host} is not a registered servicePrincipalName of ${parts.principal}. The token service issues tokens only for registered names, which prevents tokens for any arbitrary URL being requested.`,
    );
  }
}
