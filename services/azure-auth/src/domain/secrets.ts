import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh unguessable value for a cookie, a code or a CSRF token: 32 random bytes, base64url. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a bearer secret: its SHA-256, hex. */
export function secretHash(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Constant-time comparison of two strings that may differ in length. */
export function sameSecret(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}
