/**
 * An express-rate-limit store over Redis: a fixed-window counter per client, so every
 * coordinator process shares the same limits.
 */
import type { RedisClient } from "../store/redis-client.ts";
import type { ClientRateLimitInfo, Options, Store } from "express-rate-limit";
import type { Keys } from "../store/keys.ts";
import { redisScript } from "../store/redis-script.ts";

/** KEYS: the counter. ARGV: window ms. Returns {hits, ms left in the window}. */
const INCREMENT = redisScript(`
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {hits, ttl}
`);

export class RedisRateLimitStore implements Store {
  readonly localKeys = false;
  readonly prefix: string;
  readonly #redis: RedisClient;
  readonly #keys: Keys;
  #windowMs = 60_000;

  constructor(redis: RedisClient, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
    this.prefix = keys.rateLimit("");
  }

  init(options: Options): void {
    this.#windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const k = this.#keys.rateLimit(key);
    const [hits, ttl] = await Promise.all([this.#redis.get(k), this.#redis.pttl(k)]);
    if (hits === null) return undefined;
    return { totalHits: Number(hits), resetTime: new Date(Date.now() + Math.max(ttl, 0)) };
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const [hits, ttl] = (await INCREMENT(
      this.#redis,
      [this.#keys.rateLimit(key)],
      [this.#windowMs],
    )) as [number, number];
    return { totalHits: hits, resetTime: new Date(Date.now() + ttl) };
  }

  async decrement(key: string): Promise<void> {
    await this.#redis.decr(this.#keys.rateLimit(key));
  }

  async resetKey(key: string): Promise<void> {
    await this.#redis.del(this.#keys.rateLimit(key));
  }
}
