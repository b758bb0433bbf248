/**
 * Caches another StakeReader's answers (stake status, relay key -> operator) in Redis for `ttlSeconds`, so every coordinator shares
 * them and the chain sees one read per relay per TTL. A failed read answers "not staked"
 * (fail closed) and is not cached.
 */
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Keys } from "../store/keys.ts";
import type { StakeReader } from "./stake-reader.ts";

export interface CachedStakeReaderOptions {
  redis: Redis;
  keys: Keys;
  inner: StakeReader;
  ttlSeconds: number;
  logger: Logger;
  /** Called with "hit", "miss" or "error" per lookup (metrics). */
  onLookup?: (outcome: "hit" | "miss" | "error") => void;
}

export function cachedStakeReader(options: CachedStakeReaderOptions): StakeReader {
  const { redis, keys, inner, ttlSeconds, logger, onLookup } = options;
  return {
    async isActive(address) {
      const key = keys.stake(address.toLowerCase());
      const cached = await redis.get(key);
      if (cached !== null) {
        onLookup?.("hit");
        return cached === "1";
      }
      try {
        const active = await inner.isActive(address);
        onLookup?.("miss");
        await redis.set(key, active ? "1" : "0", "EX", ttlSeconds);
        return active;
      } catch (error) {
        onLookup?.("error");
        logger.warn({ err: error, address }, "stake read failed; treating the relay as unstaked");
        return false;
      }
    },
    async operatorOf(relayKey) {
      const key = keys.operatorOf(relayKey.toLowerCase());
      const cached = await redis.get(key);
      if (cached !== null) {
        onLookup?.("hit");
        return cached === "" ? null : (cached as `0x${string}`);
      }
      try {
        const operator = await inner.operatorOf(relayKey);
        onLookup?.("miss");
        await redis.set(key, operator?.toLowerCase() ?? "", "EX", ttlSeconds);
        return operator === null ? null : (operator.toLowerCase() as `0x${string}`);
      } catch (error) {
        onLookup?.("error");
        logger.warn({ err: error, relayKey }, "operatorOf read failed; the relay has no operator");
        return null;
      }
    },
  };
}
