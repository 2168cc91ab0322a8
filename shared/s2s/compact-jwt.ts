import { sign, type KeyObject } from 'node:crypto';

/**
 * The JWT compact serialization as S2S OAuth uses it, without claim rules: [MS-XOAUTH]
 * 2.2 writes `nbf`/`exp` as strings, which general JWT libraries refuse, so signing and
 * reading are done here and the receiver checks claims itself (validate-s2s-token.ts).
 */
export type JsonObject = Record<string, unknown>;

export interface DecodedJwt {
  readonly header: JsonObject;
  readonly claims: JsonObject;
  /** The base64url signature, empty for an unsigned (`alg: none`) token. */
  readonly signature: string;
  /** `base64url(header).base64url(claims)`: the bytes a JWS signature covers (RFC 7515 §5.1). */
  readonly signingInput: string;
}

function encodeJson(value: JsonObject): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function decodeJson(part: string): JsonObject | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}

/** Splits and decodes a compact JWT without verifying anything; undefined when it is not one. */
export function decodeCompactJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [headerPart, claimsPart, signature] = parts as [string, string, string];
  const header = decodeJson(headerPart);
  const claims = decodeJson(claimsPart);
  if (!header || !claims || !/^[A-Za-z0-9_-]*$/.test(signature)) return undefined;
  return { header, claims, signature, signingInput: `${headerPart}.${claimsPart}` };
}

/**
 * An RS256 JWS over the claims as given (strings stay strings), header `typ`/`alg` plus
 * `extraHeader` (RFC 7515 §7.1: base64url(header).base64url(payload).base64url(signature)).
 * Signed with node:crypto's one-shot RSASSA-PKCS1-v1_5 SHA-256 on the calling thread: the
 * token service signs one small token per request, and a hop to WebCrypto's thread pool cost
 * more than the signature (bench:freebusy). jose verifies these tokens in the tests.
 */
export async function signRs256(claims: JsonObject, privateKey: KeyObject, extraHeader: JsonObject): Promise<string> {
  const signingInput = `${encodeJson({ typ: 'JWT', alg: 'RS256', ...extraHeader })}.${encodeJson(claims)}`;
  return `${signingInput}.${sign('sha256', Buffer.from(signingInput, 'ascii'), privateKey).toString('base64url')}`;
}

/** An unsigned JWT: `base64url(header).base64url(claims).` with an empty signature (RFC 7519 §6.1). */
export function unsignedJwt(claims: JsonObject): string {
  return `${encodeJson({ alg: 'none', typ: 'JWT' })}.${encodeJson(claims)}.`;
}
