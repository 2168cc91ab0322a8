import { createHmac, randomBytes } from 'node:crypto';
import type { ClientUser } from './client-user.ts';

/**
 * Successful Basic sign-ins, kept briefly so a client that sends its password with
 * every request (ActiveSync, EWS) does not cost AD FS a WS-Trust round trip each time
 * (Exchange's LiveIdBasicAuth keeps such a cache too). The key is an HMAC of user name
 * and password under a key made at start-up, so the cache holds nothing a guesser could
 * test offline. Only successes are stored: a failure is never remembered, so a password
 * fixed at AD FS works on the next request. An entry lives `ttlSeconds` (60 s; see
 * docs/federation.md), never past the token's own expiry, and the cache is bounded.
 */
export interface CredentialCache {
  get(userName: string, password: string, now: Date): ClientUser | undefined;
  put(userName: string, password: string, user: ClientUser, now: Date, tokenExpiresAt: Date | undefined): void;
  size(): number;
}

interface Entry {
  readonly user: ClientUser;
  readonly expiresAt: number;
}

const maxEntries = 10_000;

export function createCredentialCache(ttlSeconds: number): CredentialCache {
  const key = randomBytes(32);
  const entries = new Map<string, Entry>();
  const keyOf = (userName: string, password: string): string => createHmac('sha256', key).update(userName.toLowerCase()).update('\0').update(password).digest('base64');

  return {
    get(userName, password, now) {
      const id = keyOf(userName, password);
      const entry = entries.get(id);
      if (!entry) return undefined;
      if (entry.expiresAt <= now.getTime()) {
        entries.delete(id);
        return undefined;
      }
      return entry.user;
    },
    put(userName, password, user, now, tokenExpiresAt) {
      const expiresAt = Math.min(now.getTime() + ttlSeconds * 1000, tokenExpiresAt?.getTime() ?? Number.POSITIVE_INFINITY);
      if (expiresAt <= now.getTime()) return;
      const id = keyOf(userName, password);
      entries.delete(id);
      entries.set(id, { user, expiresAt });
      // Map keeps insertion order: the first key is the oldest entry.
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
    size: () => entries.size,
  };
}
