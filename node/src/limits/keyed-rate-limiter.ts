/**
 * One token bucket per key (a client's network, see clientKey), in bounded memory: at most
 * `maxKeys` buckets, the least recently used dropped first. A dropped bucket starts full again,
 * which only ever lets a client through more, never less; budgets that must hold against many
 * keys are a TokenBucket of their own.
 */
import { refill } from "./token-bucket.ts";

export interface KeyedRateLimiterOptions {
  ratePerSecond: number;
  burst: number;
  /** Buckets kept at once. Default 10,000. */
  maxKeys?: number;
  now: () => number;
}

export class KeyedRateLimiter {
  private readonly ratePerMs: number;
  private readonly burst: number;
  private readonly maxKeys: number;
  private readonly now: () => number;
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(options: KeyedRateLimiterOptions) {
    this.ratePerMs = options.ratePerSecond / 1000;
    this.burst = options.burst;
    this.maxKeys = options.maxKeys ?? 10_000;
    this.now = options.now;
  }

  /** Buckets held now. */
  get size(): number {
    return this.buckets.size;
  }

  /** Takes one token from `key`'s bucket if it has one. */
  take(key: string): boolean {
    const now = this.now();
    const held = this.buckets.get(key);
    const tokens = held
      ? refill(held.tokens, held.updatedAt, now, this.ratePerMs, this.burst)
      : this.burst;
    this.buckets.delete(key);
    this.buckets.set(key, { tokens: tokens >= 1 ? tokens - 1 : tokens, updatedAt: now });
    if (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    return tokens >= 1;
  }
}
