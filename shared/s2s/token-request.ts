import { principalAt, resourcePrincipal, stsHost } from './principals.ts';

/**
 * The app-token request to the token service (server-flows §1.3): a form POST with
 * `grant_type=client_credentials`, `client_id=<appId>@<tenantId>`, the assertion under
 * RFC 7523 §2.2's names (`client_assertion_type` jwt-bearer, `client_assertion`; the
 * names are inferred for ACS) and `resource=<principal>/<targetHost>@<tenantId>`.
 */
export const jwtBearerAssertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface TokenRequestInput {
  readonly appId: string;
  readonly tenantId: string;
  readonly clientAssertion: string;
  /** The principal the token is for (Exchange's, 00000002-…). */
  readonly targetPrincipal: string;
  /** The host the token will be sent to, e.g. `mail.contoso.test`. */
  readonly targetHost: string;
}

export function buildTokenRequestForm(input: TokenRequestInput): URLSearchParams {
  return new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: principalAt(input.appId, input.tenantId),
    client_assertion_type: jwtBearerAssertionType,
    client_assertion: input.clientAssertion,
    resource: resourcePrincipal(input.targetPrincipal, input.targetHost, input.tenantId),
  });
}

/** The token service's issuance endpoint for a tenant (the `OAuth2`/`issuance` endpoint of §1.7's metadata). */
export function tokenEndpointUrl(tenantId: string): string {
  return `https://${stsHost}/${tenantId}/tokens/OAuth/2`;
}

/** The token service's metadata document for a tenant (§1.7), which AuthServer `WindowsAzureACS` points at. */
export function stsMetadataUrl(tenantId: string): string {
  return `https://${stsHost}/${tenantId}/metadata/json/1`;
}
