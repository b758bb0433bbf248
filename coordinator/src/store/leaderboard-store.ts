/**
 * Reads the leaderboards: the all-time rankings, or the per-epoch ones summed over a range of
 * closed epochs (ZUNIONSTORE into a key that the same MULTI reads and deletes). Scores are
 * verified bytes or attested amounts (token base units), written by the receipt ledger and the
 * epoch ledger.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { LeaderboardMetric } from "@streamrp2p/protocol/api";
import type { Keys } from "./keys.ts";

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
  readonly #redis: Redis;
  readonly #keys: Keys;

  constructor(redis: Redis, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  /** The `limit` best relays by `by`, all time or summed over `epochs`, best first. */
  async top(
    by: LeaderboardMetric,
    epochs: readonly number[] | "all",
    limit: number,
  ): Promise<RankedRelay[]> {
    const k = this.#keys;
    const keys =
      epochs === "all"
        ? [by === "bytes" ? k.leaderboardBytes() : k.leaderboardEarnings()]
        : epochs.map((e) =>
            by === "bytes" ? k.epochLeaderboardBytes(e) : k.epochLeaderboardEarnings(e),
          );
    if (keys.length === 0) return [];
    if (keys.length === 1)
      return ranked(await this.#redis.zrevrange(keys[0]!, 0, limit - 1, "WITHSCORES"));
    const sum = k.leaderboardSum(randomUUID());
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
