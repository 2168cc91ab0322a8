/**
 * The `Authorization` header of an Exchange EWS, ActiveSync or Autodiscover request (both organizations): Basic
 * (RFC 7617; user name and password, UTF-8) or Bearer (RFC 6750 §2.1). Anything else,
 * or nothing, is `none`: the caller is challenged for both.
 */
export type Credentials =
  | { readonly scheme: 'basic'; readonly userName: string; readonly password: string }
  | { readonly scheme: 'bearer'; readonly token: string }
  | { readonly scheme: 'none'; readonly offered: string | undefined }
  | { readonly scheme: 'malformed-basic'; readonly problem: string };

const maxHeaderLength = 16 * 1024;
const base64 = /^[A-Za-z0-9+/]+={0,2}$/;

function basic(encoded: string): Credentials {
  if (!base64.test(encoded) || encoded.length % 4 !== 0) return { scheme: 'malformed-basic', problem: 'the Basic credentials are not base64' };
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { scheme: 'malformed-basic', problem: 'the Basic credentials have no colon between user name and password' };
  return { scheme: 'basic', userName: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function readAuthorization(header: string | undefined): Credentials {
  if (header === undefined || header.length > maxHeaderLength) return { scheme: 'none', offered: header === undefined ? undefined : 'an oversized header' };
  const match = /^([A-Za-z]+)(?: +(.*))?$/.exec(header.trim());
  const scheme = match?.[1]?.toLowerCase();
  const value = match?.[2]?.trim() ?? '';
  if (scheme === 'basic') return basic(value);
  if (scheme === 'bearer') return { scheme: 'bearer', token: value };
  return { scheme: 'none', offered: match?.[1] ?? 'an unreadable header' };
}

/**
 * Exchange Online takes only an SMTP address as the Basic user name (client-flows §3);
 * `DOMAIN\user` and bare names are refused before anything is asked upstream.
 */
export function isSmtpAddress(value: string): boolean {
  return value.length <= 256 && /^[^\s@\\/"<>()]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/.test(value);
}
