/** A pool's attested total at one moment. */
export interface SpendSample {
  /** ms since the epoch */
  readonly at: number;
  readonly total: bigint;
}

export interface SpendEstimate {
  /** Token base units attested per second between the samples. */
  readonly perSecond: number;
  /** Seconds `available` lasts at that rate. */
  readonly runwaySeconds: number;
}

/**
 * How fast a pool is spent, measured between two samples of its attested total, and how long
 * what it still has lasts at that rate; undefined while nothing was attested in between.
 */
export function estimateSpend(
  available: bigint,
  first: SpendSample,
  last: SpendSample,
): SpendEstimate | undefined {
  const spent = last.total - first.total;
  const seconds = (last.at - first.at) / 1000;
  if (spent <= 0n || seconds <= 0) return undefined;
  const perSecond = Number(spent) / seconds;
  return { perSecond, runwaySeconds: Math.max(0, Number(available)) / perSecond };
}
