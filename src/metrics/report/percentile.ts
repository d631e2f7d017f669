/** A percentile estimated from a fixed-bucket histogram. */
export interface PercentileEstimate {
  /** The estimate in ms, to 0.1 ms. */
  ms: number;
  /**
   * True when the percentile lies in the open bucket above the last bound: the real value is at least
   * `ms` (the last bound), and nothing more can be said.
   */
  atLeast: boolean;
}

/**
 * Estimates the `q` quantile (0-1) of a histogram the way Prometheus' `histogram_quantile` does: find the
 * bucket holding the q-th observation and interpolate linearly inside it (the first bucket starts at 0).
 *
 * `counts` holds the observations per bucket (not cumulative), one per bound in `bounds` plus the open
 * bucket last. Undefined when the histogram is empty.
 */
export function estimatePercentile(
  counts: readonly number[],
  bounds: readonly number[],
  q: number,
): PercentileEstimate | undefined {
  const total = counts.reduce((a, b) => a + b, 0);
  if (!(total > 0) || !(q >= 0 && q <= 1)) return undefined;
  const rank = q * total;
  let below = 0;
  for (let i = 0; i < counts.length; i++) {
    const inBucket = counts[i];
    if (inBucket > 0 && below + inBucket >= rank) {
      if (i >= bounds.length) return { ms: bounds[bounds.length - 1], atLeast: true };
      const lower = i === 0 ? 0 : bounds[i - 1];
      const upper = bounds[i];
      const ms = lower + ((upper - lower) * (rank - below)) / inBucket;
      return { ms: Math.round(ms * 10) / 10, atLeast: false };
    }
    below += inBucket;
  }
  return { ms: bounds[bounds.length - 1], atLeast: true };
}
