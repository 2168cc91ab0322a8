/**
 * One use per challenge (security.md, NTLM relay): a server challenge answered for a
 * user is remembered until the response's lifetime ends, so the same Type 3 relayed
 * or replayed to the dc is refused. After that the timestamp check refuses it.
 */
export class ChallengeLedger {
  readonly #expiries = new Map<string, number>();
  readonly #sweepAbove: number;

  constructor(sweepAbove = 10_000) {
    this.#sweepAbove = sweepAbove;
  }

  /** Records a use; false when this challenge was already used for this user and is still alive. */
  consume(serverChallenge: string, objectGUID: string, expiresAtMs: number, nowMs: number): boolean {
    const key = `${serverChallenge.toLowerCase()}/${objectGUID}`;
    const known = this.#expiries.get(key);
    if (known !== undefined && known > nowMs) return false;
    if (this.#expiries.size >= this.#sweepAbove) this.#sweep(nowMs);
    this.#expiries.set(key, expiresAtMs);
    return true;
  }

  get size(): number {
    return this.#expiries.size;
  }

  #sweep(nowMs: number): void {
    for (const [key, expiresAt] of this.#expiries) if (expiresAt <= nowMs) this.#expiries.delete(key);
  }
}
