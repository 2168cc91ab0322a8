/**
 * One use per assertion ID until it can no longer be accepted anyway (security.md, replay
 * row; AD FS "PreventTokenReplays"). Entries are dropped once `expiresAt` has passed.
 */
export interface ReplayCache {
  /**
   * Records `assertionId` and says whether it had been recorded before. `notOnOrAfter` is
   * the instant from which the verifier refuses the assertion anyway (its NotOnOrAfter plus
   * the clock skew), so the entry need not outlive it.
   */
  seen(assertionId: string, notOnOrAfter: Date): boolean;
}

export interface ReplayCacheOptions {
  /** The clock that decides when entries may be dropped; tests freeze it with the verifier's `now`. */
  readonly now?: () => Date;
}

/** An in-memory ReplayCache for one process (the lab runs one instance per service). */
export function createReplayCache(options: ReplayCacheOptions = {}): ReplayCache {
  const now = options.now ?? (() => new Date());
  const expiries = new Map<string, number>();
  const prune = (at: number): void => {
    for (const [id, expiresAt] of expiries) if (expiresAt <= at) expiries.delete(id);
  };
  return {
    seen(assertionId, notOnOrAfter) {
      prune(now().getTime());
      if (expiries.has(assertionId)) return true;
      expiries.set(assertionId, notOnOrAfter.getTime());
      return false;
    },
  };
}
