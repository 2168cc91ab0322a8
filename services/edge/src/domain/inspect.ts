import { XMLSerializer, type Element } from '@xmldom/xmldom';
import { isSmtpAddress, readAuthorization } from '../../../../shared/http/authorization-header.ts';
import { WSSE_NS } from '../../../../shared/saml/namespaces.ts';
import { decodeCompactJwt, type JsonObject } from '../../../../shared/s2s/compact-jwt.ts';
import { elementsNamed } from '../../../../shared/xml/dom.ts';
import { parseXml } from '../../../../shared/xml/safe-parse.ts';
import { XMLENC_NS } from '../../../../shared/xmlenc/algorithms.ts';

/**
 * What a man-in-the-middle who terminates TLS (the edge when it bridges or inspects,
 * design §5) can read of a request's credentials — seed 003's contrast: an OAuth
 * token is a JWT anyone can decode (signed, not encrypted), while a DAuth delegation
 * token travels as xenc:EncryptedData only its audience can open.
 *
 * Nothing here is verified, on purpose: this is the eavesdropper's view, not a
 * receiver's, and none of it is ever trusted for a decision.
 */
export interface InspectInput {
  readonly authorization: string | undefined;
  /** The captured body as text, when it is text. */
  readonly body: string | undefined;
  readonly bodyTruncated: boolean;
}

export interface JwtView {
  readonly alg: string;
  readonly signed: boolean;
  /** The claims that say who and for whom: aud, iss, nameid, smtp, upn (those present). */
  readonly claims: Readonly<Record<string, unknown>>;
  /** The nested `actortoken` of an S2S outer token ([MS-XOAUTH] 2.2), decoded the same way. */
  readonly actorToken?: JwtView;
}

export type AuthorizationView =
  | { readonly scheme: 'basic'; readonly userName: string; readonly passwordInClear: true }
  | { readonly scheme: 'bearer'; readonly jwt: JwtView | null }
  | { readonly scheme: string };

export type WsSecurityView =
  | { readonly parsed: true; readonly encryptedData: boolean; readonly addresses: readonly string[] }
  | { readonly parsed: false; readonly problem: string };

export interface ReadableByMitm {
  readonly authorization?: AuthorizationView;
  /** Present when the body is a SOAP message with a wsse:Security header. */
  readonly wsSecurity?: WsSecurityView;
  /** Every e-mail address readable in the credentials (Authorization, wsse:Security), lower case, once each. */
  readonly addresses: readonly string[];
}

const shownClaims = ['aud', 'iss', 'nameid', 'smtp', 'upn'];
/** Claims that name a user; an address in any of them is readable. */
const userClaims = ['nameid', 'smtp', 'upn', 'unique_name', 'email', 'preferred_username'];
const emailPattern = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

function jwtView(token: string, depth = 0): JwtView | null {
  const decoded = decodeCompactJwt(token);
  if (!decoded) return null;
  const claims = Object.fromEntries(shownClaims.filter((name) => decoded.claims[name] !== undefined).map((name) => [name, decoded.claims[name]]));
  const actor = depth === 0 && typeof decoded.claims.actortoken === 'string' ? jwtView(decoded.claims.actortoken, 1) : null;
  return { alg: String(decoded.header.alg), signed: decoded.signature !== '', claims, ...(actor ? { actorToken: actor } : {}) };
}

function jwtAddresses(token: string, depth = 0): string[] {
  const claims: JsonObject = decodeCompactJwt(token)?.claims ?? {};
  const own = userClaims.map((name) => claims[name]).filter((value): value is string => typeof value === 'string' && isSmtpAddress(value));
  return depth === 0 && typeof claims.actortoken === 'string' ? [...own, ...jwtAddresses(claims.actortoken, 1)] : own;
}

function inspectAuthorization(header: string): { view: AuthorizationView; addresses: string[] } {
  const credentials = readAuthorization(header);
  if (credentials.scheme === 'basic') return { view: { scheme: 'basic', userName: credentials.userName, passwordInClear: true }, addresses: isSmtpAddress(credentials.userName) ? [credentials.userName] : [] };
  if (credentials.scheme === 'bearer') return { view: { scheme: 'bearer', jwt: jwtView(credentials.token) }, addresses: jwtAddresses(credentials.token) };
  const scheme = credentials.scheme === 'malformed-basic' ? 'malformed-basic' : (/^\s*([A-Za-z-]+)/.exec(header)?.[1]?.toLowerCase() ?? 'unreadable');
  return { view: { scheme }, addresses: [] };
}

function inspectWsSecurity(body: string, truncated: boolean): WsSecurityView | undefined {
  if (!body.includes(WSSE_NS)) return undefined;
  let securities: Element[];
  try {
    securities = elementsNamed(parseXml(body), WSSE_NS, 'Security');
  } catch (error) {
    const why = truncated ? 'the captured body stops at the capture limit' : (error as Error).message;
    return { parsed: false, problem: `the body names wsse:Security but cannot be read as XML: ${why}` };
  }
  if (securities.length === 0) return undefined;
  const serializer = new XMLSerializer();
  const text = securities.map((security) => serializer.serializeToString(security)).join('');
  const encryptedData = securities.some((security) => elementsNamed(security, XMLENC_NS, 'EncryptedData').length > 0);
  return { parsed: true, encryptedData, addresses: unique(text.match(emailPattern) ?? []) };
}

function unique(addresses: readonly string[]): string[] {
  return [...new Set(addresses.map((address) => address.toLowerCase()))];
}

export function inspectCredentials(input: InspectInput): ReadableByMitm {
  const authorization = input.authorization === undefined ? undefined : inspectAuthorization(input.authorization);
  const wsSecurity = input.body === undefined ? undefined : inspectWsSecurity(input.body, input.bodyTruncated);
  const securityAddresses = wsSecurity?.parsed ? wsSecurity.addresses : [];
  return {
    ...(authorization ? { authorization: authorization.view } : {}),
    ...(wsSecurity ? { wsSecurity } : {}),
    addresses: unique([...(authorization?.addresses ?? []), ...securityAddresses]),
  };
}
