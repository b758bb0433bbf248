/**
 * Caches another StakeReader's answers (stake status, relay key -> operator) in Redis for
 * `ttlSeconds`, so every coordinator shares them and the chain sees one read per relay per TTL.
 * Batch lookups read the cache with one MGET and the misses with one batch read of the inner
 * reader (a multicall). A failed read answers "not staked" / "no operator" (fail closed) and
 * is not cached.
 */
import type { RedisClient } from "../store/redis-client.ts";
import type { Logger } from "pino";
import type { Keys } from "../store/keys.ts";
import { areActive, operatorsOf, type StakeReader } from "./stake-reader.ts";

export interface CachedStakeReaderOptions {
  redis: RedisClient;
  keys: Keys;
  inner: StakeReader;
  ttlSeconds: number;
  logger: Logger;
  /** Called with "hit", "miss" or "error" per lookup (metrics). */
  onLookup?: (outcome: "hit" | "miss" | "error") => void;
}

export function cachedStakeReader(options: CachedStakeReaderOptions): StakeReader {
  const { redis, keys, inner, ttlSeconds, logger, onLookup } = options;

  /** Cached values for `names` (parallel GETs), the misses read in one batch and cached. */
  async function lookup<T>(
    names: readonly `0x${string}`[],
    keyOf: (name: string) => string,
    decode: (cached: string) => T,
    encode: (value: T) => string,
    read: (missing: `0x${string}`[]) => Promise<T[]>,
    failed: T,
    what: string,
  ): Promise<T[]> {
    if (names.length === 0) return [];
    const cacheKeys = names.map((n) => keyOf(n.toLowerCase()));
    const cached = await Promise.all(cacheKeys.map((key) => redis.get(key)));
    const out: T[] = cached.map((c) => (c === null ? failed : decode(c)));
    const missing = names.flatMap((n, i) => (cached[i] === null ? [i] : []));
    for (let i = 0; i < names.length - missing.length; i++) onLookup?.("hit");
    if (missing.length === 0) return out;
    try {
      const values = await read(missing.map((i) => names[i]!));
      await Promise.all(
        missing.map((index, j) => {
          out[index] = values[j]!;
          onLookup?.("miss");
          return redis.set(cacheKeys[index]!, encode(values[j]!), "EX", ttlSeconds);
        }),
      );
    } catch (error) {
      for (const _ of missing) onLookup?.("error");
      logger.warn({ err: error, count: missing.length }, `${what} read failed; failing closed`);
    }
    return out;
  }

  const active = (operators: readonly `0x${string}`[]) =>
    lookup(
      operators,
      keys.stake,
      (c) => c === "1",
      (v: boolean) => (v ? "1" : "0"),
      (missing) => areActive(inner, missing),
      false,
      "stake",
    );
  const operatorOfMany = (relayKeys: readonly `0x${string}`[]) =>
    lookup(
      relayKeys,
      keys.operatorOf,
      (c) => (c === "" ? null : (c as `0x${string}`)),
      (v: `0x${string}` | null) => v ?? "",
      async (missing) =>
        (await operatorsOf(inner, missing)).map((o) =>
          o === null ? null : (o.toLowerCase() as `0x${string}`),
        ),
      null,
      "operatorOf",
    );

  return {
    async isActive(address) {
      return (await active([address]))[0]!;
    },
    async operatorOf(relayKey) {
      return (await operatorOfMany([relayKey]))[0]!;
    },
    areActive: active,
    operatorsOf: operatorOfMany,
  };
}
