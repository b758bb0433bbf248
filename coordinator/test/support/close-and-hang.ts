/**
 * A closer process for the crash test: takes the close lock, computes the due epoch, prints
 * "computed", then hangs before committing until the test kills it (-9).
 *   REDIS_URL=... (or REDIS_CLUSTER_NODES=...) PREFIX=... node close-and-hang.ts
 */
import { connectRedis } from "../../src/store/redis-client.ts";
import { pino } from "pino";
import { createEpochCloser } from "../../src/epochs/epoch-closer.ts";
import { EpochLedger } from "../../src/epochs/epoch-ledger.ts";
import { redisKeys } from "../../src/store/keys.ts";
import { PoolStore } from "../../src/store/pool-store.ts";

const redis = connectRedis({
  redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
  redisClusterNodes: process.env.REDIS_CLUSTER_NODES?.split(",") ?? [],
});
const prefix = process.env.PREFIX!;
const keys = redisKeys(prefix);
const closer = createEpochCloser({
  ledger: new EpochLedger(
    redis,
    keys,
    { genesisMs: 0, lengthMs: 1000 },
    {
      leaderboardTtlSeconds: 86400,
    },
  ),
  pools: new PoolStore(redis, keys),
  clock: () => Number(process.env.NOW),
  logger: pino({ level: "silent" }),
  closeDelayMs: 0,
  lockTtlMs: 1000,
  async beforeCommit() {
    process.stdout.write("computed\n");
    await new Promise(() => undefined);
  },
});
await closer.closeDue();
