import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { pino } from "pino";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { packAttestorSignatures, rewardPoolsDomain, signAttestation } from "@streamrp2p/protocol";
import { leaderboardRetentionSecondsOf } from "../src/config.ts";
import { createEpochCloser } from "../src/epochs/epoch-closer.ts";
import { EpochLedger } from "../src/epochs/epoch-ledger.ts";
import { ReceiptQueue } from "../src/receipts/receipt-queue.ts";
import { ledgerShard, redisKeys } from "../src/store/keys.ts";
import { PoolStore } from "../src/store/pool-store.ts";
import { CHAIN_ID, linkPoolBody, newAccount } from "./support/harness.ts";
import { REWARD_POOLS, seedPool, startPipeline, type Pipeline } from "./support/pipeline.ts";
import {
  buildWorld,
  drained,
  http,
  postReceipts,
  receiptsAt,
  type World,
} from "./support/world.ts";

describe("POST /v1/receipts: durable intake, idempotent crediting, visible rejections", () => {
  let p: Pipeline;
  let world: World;
  before(async () => {
    p = await startPipeline({ overrides: { epochSeconds: 3600 } });
    world = await buildWorld(p.url, { sessions: 3 });
  });
  after(() => p.close());

  it("credits a batch posted twice once, and shows a forged receipt with its reason", async () => {
    const receipts = await receiptsAt(world, 2);
    const first = await postReceipts(world, receipts);
    assert.equal(first.status, 202);
    assert.deepEqual(first.body, { accepted: 3 });
    assert.equal((await postReceipts(world, receipts)).status, 202);
    const [later] = await receiptsAt(world, 3, Date.now() + 5);
    const forged = { ...later!, signature: receipts[1]!.signature };
    assert.equal((await postReceipts(world, [forged])).status, 202);
    await drained(p.url);

    const relay = world.relay.address.toLowerCase();
    const report = await http(p.url, "GET", `/v1/relays/${relay}/report`);
    assert.equal(report.status, 200);
    assert.equal(report.body.verifiedBytes, 3 * 2 * world.segmentBytes);
    assert.deepEqual(report.body.receipts, { credited: 3, withheld: 0, rejected: 1, ignored: 3 });
    assert.equal(report.body.reasons["bad-signature"].receipts, 1);
    assert.equal(report.body.reasons["bad-signature"].bytes, world.segmentBytes);
    assert.match(report.body.reasons["bad-signature"].lastMessage, /not signed by the session key/);
    assert.equal(report.body.closed, false);

    const board = await http(p.url, "GET", "/v1/leaderboard?by=bytes");
    assert.deepEqual(board.body.entries, [
      { rank: 1, relay, value: String(6 * world.segmentBytes) },
    ]);
  });

  it("forgets idle consumers with nothing pending (dead processes)", async () => {
    const queue = new ReceiptQueue(p.redis, redisKeys(p.config.redisPrefix));
    const reader = p.redis.duplicate();
    await queue.read(reader, "ghost", 1, 1);
    reader.disconnect();
    assert.ok((await queue.pruneConsumers(0)) >= 1);
    const names = (
      (await p.redis.xinfo("CONSUMERS", "sp2p:receipts", "evaluators")) as string[][]
    ).map((c) => c[1]);
    assert.ok(!names.includes("ghost"));
  });

  it("refuses receipts without a bearer token", async () => {
    const res = await http(p.url, "POST", "/v1/receipts", { receipts: [{}] });
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, "UNAUTHORIZED");
  });
});

describe("epoch close: exactly once, attestations, earnings, pools", () => {
  const attestor = privateKeyToAccount(generatePrivateKey());
  let p: Pipeline;
  let world: World;
  before(async () => {
    p = await startPipeline({
      overrides: { epochSeconds: 1, epochCloseDelayMs: 100 },
      attestors: [attestor],
    });
    world = await buildWorld(p.url, { sessions: 4 });
    await seedPool(p.pools, world.streamId, world.owner.address.toLowerCase() as `0x${string}`);
  });
  after(() => p.close());

  it("pays verified bytes at the pool's rate once, however many closers compete", async () => {
    const keys = redisKeys(p.config.redisPrefix);
    const ledger = new EpochLedger(
      p.redis,
      keys,
      { genesisMs: 0, lengthMs: 1000 },
      { leaderboardTtlSeconds: leaderboardRetentionSecondsOf(p.config) },
    );
    const rivals = Array.from({ length: 3 }, () =>
      createEpochCloser({
        ledger,
        pools: new PoolStore(p.redis, keys),
        clock: Date.now,
        logger: pino({ level: "silent" }),
        closeDelayMs: 100,
      }),
    );
    for (const r of rivals) r.start(20);
    try {
      await postReceipts(world, await receiptsAt(world, 2));
      await postReceipts(world, await receiptsAt(world, 5, Date.now() + 1));
      await drained(p.url);
      const relay = world.relay.address.toLowerCase();
      const expectedBytes = BigInt(4 * 5 * world.segmentBytes);
      let attestations: any[] = [];
      const until = Date.now() + 90_000; // generous: a loaded 2-core machine is slow, not wrong
      while (Date.now() < until) {
        attestations = (await http(p.url, "GET", `/v1/relays/${relay}/attestations`)).body
          .attestations;
        if (attestations[0]?.cumulativeBytes === String(expectedBytes)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(attestations.length, 1);
      const a = attestations[0];
      assert.equal(a.poolId, "1");
      assert.equal(a.account, relay);
      assert.equal(a.cumulativeAmount, String(expectedBytes)); // 10^9 base units per GB = 1 per byte
      const message = {
        poolId: 1n,
        account: relay as `0x${string}`,
        cumulativeBytes: expectedBytes,
        cumulativeAmount: expectedBytes,
      };
      const signature = await signAttestation(
        attestor,
        rewardPoolsDomain(CHAIN_ID, REWARD_POOLS),
        message,
      );
      assert.equal(a.signatures, packAttestorSignatures([{ signer: attestor.address, signature }]));

      await new Promise((r) => setTimeout(r, 1500)); // more closes, nothing new to pay
      const again = (await http(p.url, "GET", `/v1/relays/${relay}/attestations`)).body
        .attestations;
      assert.deepEqual(
        again.map((x: any) => x.cumulativeAmount),
        [String(expectedBytes)],
      );
      const earnings = (await http(p.url, "GET", `/v1/relays/${relay}/earnings`)).body.earnings;
      assert.equal(
        earnings.reduce((s: bigint, e: any) => s + BigInt(e.amount), 0n),
        expectedBytes,
      );
      const pool = (await http(p.url, "GET", "/v1/pools/1")).body;
      assert.equal(pool.attestedTotal, String(expectedBytes));
      assert.equal(pool.outstanding, String(expectedBytes));
      assert.deepEqual(pool.streams, [world.streamId]);
      assert.deepEqual(pool.supporters, [{ relay, amount: String(expectedBytes) }]);
      const board = (await http(p.url, "GET", "/v1/leaderboard?by=earnings")).body;
      assert.equal(board.period, "all");
      assert.deepEqual(board.entries, [{ rank: 1, relay, value: String(expectedBytes) }]);

      // Per period: the epochs that paid are in the last 24 h / 7 d, each kept for the retention.
      const retention = leaderboardRetentionSecondsOf(p.config);
      const paidEpochs: number[] = earnings.map((x: any) => x.epoch);
      for (const e of new Set(paidEpochs)) {
        const ttl = await p.redis.ttl(keys.epochLeaderboardEarnings(e, ledgerShard(relay)));
        assert.ok(ttl > 0 && ttl <= retention, `epoch ${e} earnings TTL ${ttl}`);
        assert.ok((await p.redis.ttl(keys.epochLeaderboardBytes(e, ledgerShard(relay)))) > 0);
      }
      for (const [by, period] of [
        ["earnings", "24h"],
        ["earnings", "7d"],
        ["bytes", "7d"],
      ]) {
        const lastClosed = (await http(p.url, "GET", "/v1/epochs/current")).body.lastClosed;
        const res = (await http(p.url, "GET", `/v1/leaderboard?by=${by}&period=${period}`)).body;
        assert.equal(res.period, period);
        assert.ok(res.toEpoch >= lastClosed, `${period} ends at the last closed epoch`);
        assert.equal(res.toEpoch - res.fromEpoch + 1, 1000, "1 s epochs: the newest 1000");
        assert.deepEqual(res.entries, [{ rank: 1, relay, value: String(expectedBytes) }]);
      }
      const paidIn = paidEpochs[0]!;
      const sinceThen = (await http(p.url, "GET", "/v1/leaderboard?by=earnings&period=epoch")).body;
      assert.equal(sinceThen.period, "epoch");
      assert.equal(sinceThen.fromEpoch, sinceThen.toEpoch);
      assert.ok(sinceThen.toEpoch > paidIn, "later closes paid nothing");
      assert.deepEqual(sinceThen.entries, []);
      const bad = await http(p.url, "GET", "/v1/leaderboard?period=month");
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, "VALIDATION_FAILED");
      const current = (await http(p.url, "GET", "/v1/epochs/current")).body;
      assert.ok(current.lastClosed >= current.epoch - 2);
    } finally {
      await Promise.all(rivals.map((r) => r.stop()));
    }
  });

  it("links a stream to a pool only for the pool's owner (POST /v1/streams/:id/pools)", async () => {
    const fake = newAccount();
    const q = await startPipeline({
      poolReader: {
        async read(poolId) {
          if (poolId !== 7n) return undefined;
          return {
            owner: world.owner.address,
            token: fake.address,
            ratePerGB: 1n,
            maxRatePerGB: 2n,
            epochBudget: 0n,
            noticePeriod: 60,
            balance: 5n,
            closesAt: 0,
          };
        },
      },
    });
    try {
      const mine = await buildWorld(q.url, { sessions: 0, owner: world.owner });
      const other = await buildWorld(q.url, { sessions: 0 });
      const missing = await http(
        q.url,
        "POST",
        `/v1/streams/${mine.streamId}/pools`,
        await linkPoolBody(world.owner, mine.streamId, 8n),
      );
      assert.equal(missing.body.error.code, "POOL_NOT_FOUND");
      const wrong = await http(
        q.url,
        "POST",
        `/v1/streams/${other.streamId}/pools`,
        await linkPoolBody(world.owner, other.streamId, 7n),
      );
      assert.equal(wrong.status, 403);
      assert.equal(wrong.body.error.code, "POOL_OWNER_MISMATCH");
      const unsigned = await http(
        q.url,
        "POST",
        `/v1/streams/${mine.streamId}/pools`,
        await linkPoolBody(other.owner, mine.streamId, 7n),
      );
      assert.equal(unsigned.status, 403);
      assert.equal(unsigned.body.error.code, "OWNER_SIGNATURE_INVALID");
      const ok = await http(
        q.url,
        "POST",
        `/v1/streams/${mine.streamId}/pools`,
        await linkPoolBody(world.owner, mine.streamId, 7n),
      );
      assert.deepEqual(ok.body, { streamId: mine.streamId, poolId: "7" });
      const pools = (await http(q.url, "GET", "/v1/pools")).body.pools;
      assert.equal(pools.length, 1);
      assert.deepEqual(pools[0].streams, [mine.streamId]);
      assert.equal(pools[0].balance, "5");
    } finally {
      await q.close();
    }
  });
});
