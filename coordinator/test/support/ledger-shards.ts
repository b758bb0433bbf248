/**
 * Test helpers over the ledger shards: seed an epoch's credits as receipt apply would have
 * left them (each in its relay's shard), and count ledger entries over every shard.
 */
import type { Redis } from "ioredis";
import { ALL_LEDGER_SHARDS, ledgerShard, type Keys } from "../../src/store/keys.ts";

/** Credits `bytes` to (streamId, relay) in `epoch`, as [streamId, relay, bytes] rows. */
export async function seedEpochCredits(
  redis: Redis,
  keys: Keys,
  epoch: number,
  rows: readonly (readonly [string, string, string | number])[],
): Promise<void> {
  await Promise.all(
    rows.map(([streamId, relay, bytes]) =>
      redis.hset(keys.epochCredits(epoch, ledgerShard(relay)), `${streamId}|${relay}`, bytes),
    ),
  );
}

/** Ledger entries over every shard. */
export async function ledgerSize(redis: Redis, keys: Keys): Promise<number> {
  const sizes = await Promise.all(ALL_LEDGER_SHARDS.map((n) => redis.hlen(keys.ledger(n))));
  return sizes.reduce((a, b) => a + b, 0);
}
