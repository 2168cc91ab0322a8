import { messageTypeOf } from './wire.ts';

/**
 * NTLM over HTTP (server-flows §4; [MS-NTHT] §2): `Authorization: NTLM <base64>` or
 * `Authorization: Negotiate <base64>`, answered by `WWW-Authenticate` in the same
 * scheme. A Negotiate token is either a bare NTLMSSP message (what clients without
 * Kerberos send, Chromium on Linux among them) or SPNEGO ([RFC 4178], see spnego.ts).
 */
export const ntlmSchemes = ['Negotiate', 'NTLM'] as const;
export type NtlmScheme = (typeof ntlmSchemes)[number];

export interface SchemeToken {
  readonly scheme: NtlmScheme;
  readonly token: Buffer;
}

/** A Kerberos ticket inside SPNEGO can reach 48 KiB; nothing NTLM sends comes close. */
export const maxTokenBase64Length = 64 * 1024;

const headerPattern = /^(NTLM|Negotiate)\s+([A-Za-z0-9+/]+={0,2})\s*$/i;

/** The scheme and token of an Authorization header, or undefined when it is not NTLM or Negotiate with a token. */
export function readSchemeToken(authorization: string | undefined): SchemeToken | undefined {
  if (authorization === undefined || authorization.length > maxTokenBase64Length + 16) return undefined;
  const match = headerPattern.exec(authorization);
  if (!match) return undefined;
  const scheme = match[1]!.toLowerCase() === 'ntlm' ? 'NTLM' : 'Negotiate';
  return { scheme, token: Buffer.from(match[2]!, 'base64') };
}

/** Whether an Authorization header names one of the two schemes at all (with or without a usable token). */
export function namesNtlmScheme(authorization: string | undefined): boolean {
  return authorization !== undefined && /^(NTLM|Negotiate)(\s|$)/i.test(authorization);
}

/** Whether the token is a bare NTLMSSP message rather than SPNEGO. */
export function isRawNtlmssp(token: Buffer): boolean {
  return messageTypeOf(token) !== undefined;
}

export function wwwAuthenticate(scheme: NtlmScheme, token?: Buffer): string {
  return token && token.length ? `${scheme} ${token.toString('base64')}` : scheme;
}
