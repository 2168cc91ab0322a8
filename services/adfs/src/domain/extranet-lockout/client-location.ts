import { isIP } from 'node:net';

/**
 * Where an extranet sign-in comes from ([MS-ADFSPIP] §2.2.1): the proxy that relayed
 * it (`X-MS-Proxy`) and the client addresses it reports (`X-MS-Forwarded-Client-IP`,
 * which the WAP takes from the edge and which AD FS believes only from the proxy-trust
 * certificate). AD FS itself also counts the network address and X-Forwarded-For; in
 * the lab the network address is always the WAP's and X-Forwarded-For repeats the
 * client, so the forwarded client IPs are what tells locations apart.
 */
export interface ExtranetOrigin {
  readonly proxy: string;
  /** Every valid address the proxy reported, IPv4-mapped IPv6 written as IPv4. */
  readonly clientIps: readonly string[];
}

function normalized(address: string): string | undefined {
  const trimmed = address.trim().replace(/^\[|\]$/g, '');
  const unmapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed)?.[1] ?? trimmed;
  return isIP(unmapped) ? unmapped.toLowerCase() : undefined;
}

/** The origin of a request that came through the proxy; undefined for a direct (intranet) one. */
export function extranetOriginOf(headers: Readonly<Record<string, string | string[] | undefined>>): ExtranetOrigin | undefined {
  const proxy = headers['x-ms-proxy'];
  if (proxy === undefined) return undefined;
  const forwarded = [headers['x-ms-forwarded-client-ip'] ?? []].flat().join(',');
  const clientIps = [...new Set(forwarded.split(',').map(normalized).filter((ip): ip is string => ip !== undefined))];
  return { proxy: [proxy].flat().join(',') || 'unnamed proxy', clientIps };
}

/**
 * Familiar only when every address is one the user has signed in from ("Anatomy of a
 * transaction": at least one unknown IP makes the location unknown); a request the
 * proxy gave no address for is never familiar.
 */
export function isFamiliar(origin: ExtranetOrigin, familiarIps: readonly string[]): boolean {
  return origin.clientIps.length > 0 && origin.clientIps.every((ip) => familiarIps.includes(ip));
}
