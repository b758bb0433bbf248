/**
 * Test helpers over the ledger shards: seed an epoch's credits as receipt apply would have
 * left them (each in its relay's shard), count ledger entries over every shard, read a
 * relay's epoch reports (no KEYS scan, which a cluster answers per node).
 */
import type { RedisClient as Redis } from "../../src/store/redis-client.ts";
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

/** The relay's epoch reports (hash fields), from the first counted epoch to the one after the last closed. */
export async function relayReports(
  redis: Redis,
  keys: Keys,
  relay: string,
): Promise<Map<number, Record<string, string>>> {
  const first = Number(await redis.get(keys.firstEpoch()));
  const closed = Number(await redis.get(keys.closedThrough()));
  const out = new Map<number, Record<string, string>>();
  for (let epoch = first; epoch <= closed + 1; epoch++) {
    const report = await redis.hgetall(keys.relayReport(epoch, relay));
    if (Object.keys(report).length > 0) out.set(epoch, report);
  }
  return out;
}
