import { createHash, randomBytes } from 'node:crypto';

/** A random 256-bit value for a cookie, state or nonce, base64url so it is URL- and cookie-safe. */
export function randomId(): string {
  return randomBytes(32).toString('base64url');
}

/** How a cookie value is kept server-side: its SHA-256, never the value itself. */
export function idHash(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
