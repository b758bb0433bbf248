/**
 * A token bucket: `ratePerSecond` tokens refill continuously up to `burst`. One bucket is a
 * budget (the relay's session lookups at the coordinator, the origin's ingest checks).
 */
export interface TokenBucketOptions {
  ratePerSecond: number;
  /** Tokens held at most (and at start). */
  burst: number;
  /** Clock, ms. */
  now: () => number;
}

export class TokenBucket {
  private readonly ratePerMs: number;
  private readonly burst: number;
  private readonly now: () => number;
  private tokens: number;
  private updatedAt: number;

  constructor(options: TokenBucketOptions) {
    this.ratePerMs = options.ratePerSecond / 1000;
    this.burst = options.burst;
    this.now = options.now;
    this.tokens = options.burst;
    this.updatedAt = options.now();
  }

  /** Takes one token if there is one. */
  take(): boolean {
    const now = this.now();
    this.tokens = refill(this.tokens, this.updatedAt, now, this.ratePerMs, this.burst);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export function refill(
  tokens: number,
  updatedAt: number,
  now: number,
  ratePerMs: number,
  burst: number,
): number {
  return Math.min(burst, tokens + Math.max(0, now - updatedAt) * ratePerMs);
}
