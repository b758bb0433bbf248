/**
 * Retention (EPOCH_RETENTION_DAYS): a closed epoch's credits and result, relay epoch reports
 * and the per-epoch earnings history expire; what a claim needs (the cumulative ledger entry
 * and the relay's pool list that finds it) stays.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Redis } from "ioredis";
import { pino } from "pino";
import { startRedis, type RedisServer } from "../../scripts/lib/redis-server.ts";
import { emptyRelayEpochReport } from "../src/core/relay-epoch-report.ts";
import { createEpochCloser } from "../src/epochs/epoch-closer.ts";
import { EpochLedger } from "../src/epochs/epoch-ledger.ts";
import { ReceiptLedger } from "../src/receipts/receipt-ledger.ts";
import { ledgerShard, redisKeys } from "../src/store/keys.ts";
import { PoolStore } from "../src/store/pool-store.ts";
import { seedEpochCredits } from "./support/ledger-shards.ts";
import { seedPool } from "./support/pipeline.ts";

const STREAM = `0x${"7".padStart(64, "0")}`;
const RELAY = "0x00000000000000000000000000000000000000cc";
const OWNER = "0x00000000000000000000000000000000000000aa" as const;

describe("retention of epoch data", () => {
  let server: RedisServer;
  let redis: Redis;
  before(async () => {
    server = await startRedis();
    redis = new Redis(server.url);
  });
  after(async () => {
    redis.disconnect();
    await server.stop();
  });

  it("expires credits, results, reports and old earnings rows; keeps what a claim needs", async () => {
    const keys = redisKeys("retention:");
    const shard = ledgerShard(RELAY);
    const pools = new PoolStore(redis, keys);
    await seedPool(pools, STREAM, OWNER, 1n, { ratePerGB: 1_000_000_000n, balance: 10n ** 15n });
    // 1 s epochs, kept 3 s: three epochs.
    const ledger = new EpochLedger(
      redis,
      keys,
      { genesisMs: 0, lengthMs: 1000 },
      { retentionSeconds: 3 },
    );
    const closeAt = (ms: number) =>
      createEpochCloser({
        ledger,
        pools,
        clock: () => ms,
        logger: pino({ level: "silent" }),
        closeDelayMs: 0,
      });
    await redis.set(keys.closedThrough(), "9");
    await seedEpochCredits(redis, keys, 10, [[STREAM, RELAY, 1000]]);
    assert.equal(await closeAt(11_500).closeDue(), 10);

    for (const key of [keys.epochCredits(10, shard), keys.epochResult(10)]) {
      const ttl = await redis.ttl(key);
      assert.ok(ttl > 0 && ttl <= 3, `${key} TTL ${ttl}`);
    }
    const history = await redis.ttl(keys.relayEarnings(RELAY));
    assert.ok(history > 0 && history <= 3, `earnings TTL ${history}`);
    assert.deepEqual(await redis.smembers(keys.relayPools(RELAY)), ["1"]);
    assert.equal(await redis.ttl(keys.relayPools(RELAY)), -1, "the pool list never expires");
    assert.equal(await redis.ttl(keys.ledger(shard)), -1, "the ledger never expires");

    // Ten epochs later: the row of epoch 10 is older than the retention and goes.
    await seedEpochCredits(redis, keys, 20, [[STREAM, RELAY, 500]]);
    let closed: number | undefined;
    const closer = closeAt(21_500);
    while ((closed = await closer.closeDue()) !== undefined && closed < 20);
    assert.equal(closed, 20);
    assert.deepEqual(Object.keys(await redis.hgetall(keys.relayEarnings(RELAY))), ["20:1"]);

    // The history expired (simulated): the claim's cumulative entry is still found.
    await redis.del(keys.relayEarnings(RELAY));
    const [entry] = await ledger.relayEntries(RELAY);
    assert.equal(entry?.cumulativeBytes, 1500n);
    assert.equal(entry?.cumulativeAmount, 1500n);
  });

  it("a relay's epoch report expires the retention after its last batch", async () => {
    const keys = redisKeys("retention-report:");
    const receipts = new ReceiptLedger(redis, keys, { reportTtlSeconds: 5 });
    const delta = emptyRelayEpochReport(RELAY);
    delta.verifiedBytes = 10;
    delta.verifiedByStream[STREAM] = 10;
    const outcome = await receipts.apply({
      entryId: "1-0",
      relay: RELAY,
      epoch: 3,
      at: 0,
      delta,
      sessions: [],
      pairs: [],
      stateTtlMs: 60_000,
    });
    assert.equal(outcome, "ok");
    const ttl = await redis.ttl(keys.relayReport(3, RELAY));
    assert.ok(ttl > 0 && ttl <= 5, `report TTL ${ttl}`);
  });
});
