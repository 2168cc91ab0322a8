/** The nearest-rank percentile `p` (0–100) of ascending `sorted` samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of no samples');
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Ascending copy of `samples`. */
export const ascending = (samples: readonly number[]): number[] => [...samples].sort((a, b) => a - b);
