import { LabError } from '../../../../shared/errors/lab-error.ts';
import type { Database } from '../../../../shared/store/database.ts';
import type { DomainAuthentication } from '../../../../shared/seed/seed.ts';

/** The one tenant this lab hosts, with its verified domains (seed `tenant`). */
export interface Tenant {
  readonly id: string;
  readonly displayName: string;
  readonly initialDomain: string;
  readonly routingDomain: string;
}

export interface TenantDomain {
  readonly name: string;
  readonly authentication: DomainAuthentication;
}

export const lowerCaseTenantAliases = new Set(['common', 'organizations']);

export class TenantDirectory {
  readonly #database: Database;

  constructor(database: Database) {
    this.#database = database;
  }

  tenant(): Tenant {
    const row = this.#database.prepare('SELECT id, display_name, initial_domain, routing_domain FROM tenant').get() as
      | { id: string; display_name: string; initial_domain: string; routing_domain: string }
      | undefined;
    if (!row) throw new Error('the tenant table is empty; the seed did not run');
    return { id: row.id, displayName: row.display_name, initialDomain: row.initial_domain, routingDomain: row.routing_domain };
  }

  domains(): TenantDomain[] {
    const rows = this.#database.prepare('SELECT name, authentication FROM domains ORDER BY name').all() as { name: string; authentication: DomainAuthentication }[];
    return rows.map((row) => ({ name: row.name, authentication: row.authentication }));
  }

  /** The verified domain a UPN's suffix names, if any (case-insensitive, as Entra compares). */
  domainOf(userPrincipalName: string): TenantDomain | undefined {
    const suffix = userPrincipalName.split('@')[1]?.toLowerCase() ?? '';
    return this.domains().find((domain) => domain.name.toLowerCase() === suffix);
  }

  /**
   * The tenant a URL's first segment names: `common`, `organizations`, the tenant id
   * or one of its verified domains, as Azure AD accepts. Anything else is AADSTS90002.
   */
  resolve(segment: string): Tenant {
    const tenant = this.tenant();
    const wanted = segment.toLowerCase();
    if (lowerCaseTenantAliases.has(wanted) || wanted === tenant.id.toLowerCase() || this.domains().some((domain) => domain.name.toLowerCase() === wanted)) return tenant;
    throw new LabError({ code: 'AADSTS90002', statusCode: 400, wireCode: 'invalid_request', message: `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.` });
  }

  /** Like resolve(), but only the tenant id itself: the sync and admin APIs are per tenant. */
  resolveById(segment: string): Tenant {
    const tenant = this.tenant();
    if (segment.toLowerCase() !== tenant.id.toLowerCase()) throw new LabError({ code: 'TENANT_NOT_FOUND', statusCode: 404, message: `no tenant with id "${segment}" here; this lab's tenant is ${tenant.id}` });
    return tenant;
  }
}
