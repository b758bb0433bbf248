/**
 * Reads the leaderboards: the all-time rankings, or the per-epoch ones summed over a range of
 * closed epochs (ZUNIONSTORE into a key that the same MULTI reads and deletes), per ledger
 * shard, merged. Scores are
 * verified bytes or attested amounts (token base units), written by the receipt ledger and the
 * epoch ledger.
 */
import { randomUUID } from "node:crypto";
import type { RedisClient } from "./redis-client.ts";
import type { LeaderboardMetric } from "@streamrp2p/protocol/api";
import { ALL_LEDGER_SHARDS, type Keys } from "./keys.ts";

export interface RankedRelay {
  relay: `0x${string}`;
  /** The score as Redis prints it. */
  score: string;
}

function ranked(flat: readonly string[]): RankedRelay[] {
  const out: RankedRelay[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2)
    out.push({ relay: flat[i] as `0x${string}`, score: flat[i + 1]! });
  return out;
}

export class LeaderboardStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;

  constructor(redis: RedisClient, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  /**
   * The `limit` best relays by `by`, all time or summed over `epochs`, best first. Each ledger
   * shard ranks its own relays (a relay lives in one shard), so the best `limit` of every
   * shard, merged, are the best `limit` overall.
   */
  async top(
    by: LeaderboardMetric,
    epochs: readonly number[] | "all",
    limit: number,
  ): Promise<RankedRelay[]> {
    if (epochs !== "all" && epochs.length === 0) return [];
    const shards = await Promise.all(
      ALL_LEDGER_SHARDS.map((n) => this.#shardTop(n, by, epochs, limit)),
    );
    return shards
      .flat()
      .sort((a, b) => Number(b.score) - Number(a.score) || (a.relay < b.relay ? 1 : -1))
      .slice(0, limit);
  }

  async #shardTop(
    n: number,
    by: LeaderboardMetric,
    epochs: readonly number[] | "all",
    limit: number,
  ): Promise<RankedRelay[]> {
    const k = this.#keys;
    const keys =
      epochs === "all"
        ? [by === "bytes" ? k.leaderboardBytes(n) : k.leaderboardEarnings(n)]
        : epochs.map((e) =>
            by === "bytes" ? k.epochLeaderboardBytes(e, n) : k.epochLeaderboardEarnings(e, n),
          );
    if (keys.length === 1)
      return ranked(await this.#redis.zrevrange(keys[0]!, 0, limit - 1, "WITHSCORES"));
    const sum = k.leaderboardSum(n, randomUUID());
    const replies = await this.#redis
      .multi()
      .zunionstore(sum, keys.length, ...keys)
      .zrevrange(sum, 0, limit - 1, "WITHSCORES")
      .del(sum)
      .exec();
    const [error, flat] = replies?.[1] ?? [new Error("leaderboard MULTI aborted"), []];
    if (error) throw error;
    return ranked(flat as string[]);
  }
}
