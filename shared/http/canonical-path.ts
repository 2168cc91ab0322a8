import { posix } from 'node:path';

/**
 * The path the backend will route on: percent-decoded, dot segments resolved, slashes
 * collapsed. Rules (the edge's, the WAP's publishing list) compare against this, never the raw request line, so `/adfs/%6Cs/`
 * or `/adfs/./ls/` cannot slip past a rule written for `/adfs/ls/`. Undefined when the
 * path cannot be decoded (or decodes to a NUL or a backslash).
 */
export function canonicalPath(raw: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw.split('?')[0] ?? '/');
  } catch {
    return undefined;
  }
  if (/[\0\\]/.test(decoded) || !decoded.startsWith('/')) return undefined;
  const normalized = posix.normalize(decoded.replace(/\/+/g, '/'));
  return decoded.endsWith('/') && !normalized.endsWith('/') ? `${normalized}/` : normalized;
}

