/**
 * The EWS URLs the requesting Exchange found by Autodiscover, kept so a later request for
 * the same partner skips Autodiscover (and, for OAuth, the anonymous 401 and the
 * Autodiscover app token), as Exchange keeps its Autodiscover answers for availability.
 * Keyed by path, Autodiscover endpoint and target domain; an entry lives `lifetimeSeconds`
 * (default 600 s, a lab choice: short enough that a changed partner is found again soon)
 * and is dropped when the availability call to its URL fails.
 */
export class EwsUrlCache {
  readonly #entries = new Map<string, { readonly url: string; readonly expiresAt: number }>();
  readonly #now: () => Date;
  readonly #lifetimeMs: number;

  constructor(options: { readonly now: () => Date; readonly lifetimeSeconds?: number }) {
    this.#now = options.now;
    this.#lifetimeMs = (options.lifetimeSeconds ?? 600) * 1000;
  }

  get(key: string): string | undefined {
    const entry = this.#entries.get(key);
    if (entry && this.#now().getTime() < entry.expiresAt) return entry.url;
    this.#entries.delete(key);
    return undefined;
  }

  store(key: string, url: string): void {
    this.#entries.set(key, { url, expiresAt: this.#now().getTime() + this.#lifetimeMs });
  }

  forget(key: string): void {
    this.#entries.delete(key);
  }
}
