/**
 * The app (actor) token cache of a calling server (server-flows §1.4, seed 003: "the
 * token can be cached and reused for the same audience by other users' requests").
 * Keyed by audience (`<principal>/<host>@<realm>`).
 *
 * Expiry: a token is served from the cache until `expires_in` minus `renewBeforeSeconds`
 * (default 300 s, the same five minutes receivers allow as clock skew), so a token is
 * never sent when it may expire in flight. Past that point the cache fetches a new one;
 * when the token service cannot be reached, a token that has not actually expired yet is
 * still served (security.md: a cached S2S token keeps free/busy working while the token
 * service is briefly unreachable, until it expires). One fetch per audience at a time.
 */
export interface AppToken {
  readonly accessToken: string;
  /** Seconds the token lives, from the token response's `expires_in`. */
  readonly expiresInSeconds: number;
}

export interface AppTokenCacheOptions {
  readonly now: () => Date;
  readonly renewBeforeSeconds?: number;
}

interface Entry {
  readonly accessToken: string;
  readonly expiresAt: number;
  readonly renewAt: number;
}

export class AppTokenCache {
  readonly #entries = new Map<string, Entry>();
  readonly #inFlight = new Map<string, Promise<string>>();
  readonly #now: () => Date;
  readonly #renewBeforeMs: number;

  constructor(options: AppTokenCacheOptions) {
    this.#now = options.now;
    this.#renewBeforeMs = (options.renewBeforeSeconds ?? 300) * 1000;
  }

  /** The cached token for an audience while it is before its renewal time. */
  fresh(audience: string): string | undefined {
    const entry = this.#entries.get(audience);
    return entry && this.#now().getTime() < entry.renewAt ? entry.accessToken : undefined;
  }

  store(audience: string, token: AppToken): void {
    const now = this.#now().getTime();
    const expiresAt = now + token.expiresInSeconds * 1000;
    this.#entries.set(audience, { accessToken: token.accessToken, expiresAt, renewAt: Math.max(now, expiresAt - this.#renewBeforeMs) });
  }

  /** A fresh cached token, else `fetch`'s; if fetching fails, a cached token that has not expired yet. */
  async get(audience: string, fetch: () => Promise<AppToken>): Promise<string> {
    const cached = this.fresh(audience);
    if (cached) return cached;
    const running = this.#inFlight.get(audience);
    if (running) return running;
    const fetching = this.#refresh(audience, fetch).finally(() => this.#inFlight.delete(audience));
    this.#inFlight.set(audience, fetching);
    return fetching;
  }

  async #refresh(audience: string, fetch: () => Promise<AppToken>): Promise<string> {
    try {
      const token = await fetch();
      this.store(audience, token);
      return token.accessToken;
    } catch (error) {
      const entry = this.#entries.get(audience);
      if (entry && this.#now().getTime() < entry.expiresAt) return entry.accessToken;
      throw error;
    }
  }
}
