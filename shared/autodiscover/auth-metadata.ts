import { createHash, X509Certificate } from 'node:crypto';

/**
 * Exchange's auth metadata document, `/autodiscover/metadata/json/1` (server-flows §1.7:
 * the ACS document's shape with issuer `00000002-0000-0ff1-ce00-000000000000@<realm>`,
 * inferred). Its key is the organization's Exchange Auth certificate (self-signed, the
 * lab PKI's `signing/exchange-onprem-auth` or `signing/exchange-online-auth`): x5t is
 * the base64url SHA-1 of the DER, the value the DER in base64. A partner (AuthServer,
 * azure-auth) reads it to learn which key signs this Exchange's S2S assertions.
 */
export const exchangePrincipal = '00000002-0000-0ff1-ce00-000000000000';

export interface AuthMetadataInput {
  readonly realm: string;
  /** The metadata URL itself, e.g. https://mail.contoso.test/autodiscover/metadata/json/1. */
  readonly location: string;
  readonly certificatePems: readonly string[];
}

function keyOf(pem: string): Record<string, unknown> {
  const der = new X509Certificate(pem).raw;
  return { usage: 'signing', keyInfo: { x5t: createHash('sha1').update(der).digest('base64url') }, keyValue: { type: 'x509Certificate', value: der.toString('base64') } };
}

export function authMetadata(input: AuthMetadataInput): Record<string, unknown> {
  return {
    version: '1.0',
    realm: input.realm,
    name: 'Exchange',
    issuer: `${exchangePrincipal}@${input.realm}`,
    allowedAudiences: [`${exchangePrincipal}@${input.realm}`],
    keys: input.certificatePems.map(keyOf),
    endpoints: [{ location: input.location, protocol: 'OAuth2', usage: 'metadata' }],
  };
}
