import { LabError } from '../../../../../shared/errors/lab-error.ts';
import { resourcePrincipalNamed, type ResourcePrincipal } from './resources.ts';

/**
 * The `scope` of a v2.0 token request (Microsoft identity platform "Scopes and
 * permissions"): OpenID Connect scopes plus permissions of exactly one resource, each
 * written `<resource>/<permission>`, where `.default` means every consented permission.
 * The access token's audience is the resource as the client wrote it.
 */
export interface V2Target {
  /** The resource as requested (identifier URI or application id, without a trailing slash): the token's `aud`. */
  readonly resource: string;
  readonly principal: ResourcePrincipal;
  /** The delegated permissions granted: the token's `scp`. */
  readonly permissions: readonly string[];
  /** The OpenID Connect scopes asked for (openid, profile, email, offline_access). */
  readonly openIdScopes: readonly string[];
}

const openIdConnectScopes = new Set(['openid', 'profile', 'email', 'offline_access']);

function invalidScope(code: string, message: string): LabError {
  return new LabError({ code, statusCode: 400, wireCode: 'invalid_scope', message });
}

/** `<resource>/<permission>` split at the last slash, the resource checked against the tenant's principals. */
function splitScope(scope: string, tenantName: string): { resource: string; principal: ResourcePrincipal; permission: string } {
  const slash = scope.lastIndexOf('/');
  if (slash <= 0 || slash === scope.length - 1) throw invalidScope('AADSTS70011', `The provided value for the input parameter 'scope' is not valid. The scope '${scope}' names no resource; write it as <resource>/<permission>, e.g. https://outlook.office365.test/.default.`);
  const resource = scope.slice(0, slash).replace(/\/+$/, '');
  const principal = resourcePrincipalNamed(resource);
  if (!principal) {
    throw new LabError({ code: 'AADSTS500011', statusCode: 400, wireCode: 'invalid_resource', message: `The resource principal named ${resource} was not found in the tenant named ${tenantName}. This can happen if the application has not been installed by the administrator of the tenant.` });
  }
  return { resource, principal, permission: scope.slice(slash + 1) };
}

function grantedPermissions(principal: ResourcePrincipal, asked: readonly string[]): string[] {
  if (asked.includes('.default')) {
    if (asked.length > 1) throw invalidScope('AADSTS70011', `The provided value for the input parameter 'scope' is not valid: '.default' cannot be combined with other permissions of ${principal.displayName}.`);
    return [...principal.delegatedPermissions];
  }
  const unknown = asked.find((permission) => !principal.delegatedPermissions.some((exposed) => exposed.toLowerCase() === permission.toLowerCase()));
  if (unknown !== undefined) throw invalidScope('AADSTS65005', `The application asked for scope '${unknown}' that doesn't exist on the resource ${principal.displayName} (${principal.appId}); it exposes ${principal.delegatedPermissions.join(', ')}.`);
  return principal.delegatedPermissions.filter((exposed) => asked.some((permission) => permission.toLowerCase() === exposed.toLowerCase()));
}

export function parseV2Scope(scope: string, tenantName: string): V2Target {
  const words = scope.split(/\s+/).filter(Boolean);
  const openIdScopes = words.filter((word) => openIdConnectScopes.has(word.toLowerCase())).map((word) => word.toLowerCase());
  const resourceScopes = words.filter((word) => !openIdConnectScopes.has(word.toLowerCase())).map((word) => splitScope(word, tenantName));
  const principals = new Set(resourceScopes.map((entry) => entry.principal));
  if (principals.size === 0) {
    throw invalidScope('AADSTS70011', `The provided value for the input parameter 'scope' is not valid: '${scope}' asks for no resource. This lab has no Microsoft Graph to default to; ask for a resource, e.g. https://outlook.office365.test/.default.`);
  }
  if (principals.size > 1) throw invalidScope('AADSTS28000', `Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${scope} is not valid.`);
  const [first] = resourceScopes as [(typeof resourceScopes)[number]];
  return { resource: first.resource, principal: first.principal, permissions: grantedPermissions(first.principal, resourceScopes.map((entry) => entry.permission)), openIdScopes };
}
