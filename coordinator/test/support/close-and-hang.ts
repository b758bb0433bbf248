/**
 * A closer process for the crash test: takes the close lock, computes the due epoch, prints
 * "computed", then hangs before committing until the test kills it (-9).
 *   REDIS_URL=... PREFIX=... node close-and-hang.ts
 */
import { Redis } from "ioredis";
import { pino } from "pino";
import { createEpochCloser } from "../../src/epochs/epoch-closer.ts";
import { EpochLedger } from "../../src/epochs/epoch-ledger.ts";
import { redisKeys } from "../../src/store/keys.ts";
import { PoolStore } from "../../src/store/pool-store.ts";

const redis = new Redis(process.env.REDIS_URL!);
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
