/**
 * The well-known principals of S2S OAuth and how [MS-XOAUTH] writes a principal
 * (server-flows §1.1–1.5): `<id>@<realm>` for a party, `<id>/<host>@<realm>` for a
 * resource (TH `GetFormattedPrincipal`).
 */

/** The ACS token service principal: the trusted issuer of actor tokens ([MS-XOAUTH] 3.2.5.4). */
export const acsPrincipal = '00000001-0000-0000-c000-000000000000';

/** Exchange's principal, on-premises and online alike ([MS-XOAUTH] 3.2.5.4, the `client_id` of the 401 challenge). */
export const exchangePrincipal = '00000002-0000-0ff1-ce00-000000000000';

/** The lab name of accounts.accesscontrol.windows.net (design §1). */
export const stsHost = 'accounts.accesscontrol.windows.test';

/** `<id>@<realm>`: a client or issuer ([MS-XOAUTH] 2.2, `iss`/`nameid`). */
export function principalAt(id: string, realm: string): string {
  return `${id}@${realm}`;
}

/** `<id>/<host>@<realm>`: a resource, the `aud` of actor and outer tokens ([MS-XOAUTH] 2.2). */
export function resourcePrincipal(id: string, host: string, realm: string): string {
  return `${id}/${host}@${realm}`;
}

/** The ACS principal at a tenant, which is the `iss` of every actor token (§1.4). */
export function stsIssuer(realm: string): string {
  return principalAt(acsPrincipal, realm);
}

/** What a self-signed client assertion is addressed to (§1.2). */
export function stsAssertionAudience(realm: string): string {
  return resourcePrincipal(acsPrincipal, stsHost, realm);
}

export interface ResourceParts {
  readonly principal: string;
  readonly host: string;
  readonly realm: string;
}

/**
 * Splits `client_id/hostname@realm` ([MS-XOAUTH] 3.2.5.6). Case is kept: the caller
 * compares principal and realm case-sensitively, the host case-insensitively.
 * Undefined when the value does not have exactly that shape.
 */
export function parseResourcePrincipal(value: string): ResourceParts | undefined {
  const match = /^([^/@\s]+)\/([^/@\s]+)@([^/@\s]+)$/.exec(value);
  if (!match) return undefined;
  return { principal: match[1]!, host: match[2]!, realm: match[3]! };
}

/** Splits `<id>@<realm>`; undefined for any other shape. */
export function parsePrincipalAt(value: string): { readonly id: string; readonly realm: string } | undefined {
  const match = /^([^/@\s]+)@([^/@\s]+)$/.exec(value);
  return match ? { id: match[1]!, realm: match[2]! } : undefined;
}
