/**
 * Crashes: the coordinator process killed with SIGKILL during receipt intake and during an
 * epoch close, and Redis restarted (append-only file) or, on a Redis Cluster
 * (TEST_REDIS_CLUSTER=1, 2 replicas per primary), the receipt stream's primary killed.
 * Nothing acknowledged is lost, nothing is counted twice, and the attestations equal an
 * uninterrupted run's.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { pino } from "pino";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { packAttestorSignatures, rewardPoolsDomain, signAttestation } from "@streamrp2p/protocol";
import { freePort } from "../../scripts/lib/service.ts";
import { closeEpoch } from "../src/core/close-epoch.ts";
import { createEpochCloser } from "../src/epochs/epoch-closer.ts";
import { EpochLedger } from "../src/epochs/epoch-ledger.ts";
import { emptyRelayEpochReport } from "../src/core/relay-epoch-report.ts";
import { ReceiptLedger } from "../src/receipts/receipt-ledger.ts";
import { ledgerShard, redisKeys } from "../src/store/keys.ts";
import { PoolStore } from "../src/store/pool-store.ts";
import { CHAIN_ID, STAKING_ADDRESS } from "./support/harness.ts";
import { ledgerSize, relayReports, seedEpochCredits } from "./support/ledger-shards.ts";
import { startRedisBackend, type RedisBackend } from "./support/redis-backend.ts";
import type { RedisClient } from "../src/store/redis-client.ts";
import { REWARD_POOLS, seedPool } from "./support/pipeline.ts";
import { kill, postUntilAccepted, sleep, startCoordinator } from "./support/coordinator-process.ts";
import { buildWorld, drained, http, postReceipts, receiptsAt } from "./support/world.ts";

describe("crashes: kill -9 during intake and close, Redis restart or failover", () => {
  let backend: RedisBackend;
  let redis: RedisClient;
  let child: ChildProcess | undefined;
  before(async () => {
    backend = await startRedisBackend({ appendOnly: true, replicasPerPrimary: 2 });
    redis = backend.connect(20);
    redis.on("error", () => undefined);
  });
  after(async () => {
    if (child) await kill(child);
    redis?.disconnect();
    await backend?.stop();
  });

  it("loses no acknowledged receipt, counts none twice, attests what an uninterrupted run would", async () => {
    const attestorKey = generatePrivateKey();
    const attestor = privateKeyToAccount(attestorKey);
    const port = await freePort();
    const env = {
      ...backend.env,
      COORDINATOR_HOST: "127.0.0.1",
      COORDINATOR_PORT: String(port),
      STAKING_ADDRESS,
      CHAIN_ID: String(CHAIN_ID),
      REQUIRE_STAKE: "false",
      RELAY_PROBE: "false", // the world's relays advertise URLs nobody serves
      TRUST_PROXY: "loopback",
      MAX_SESSIONS_PER_ADDRESS: "10000",
      RATE_LIMIT_MAX: "1000000",
      EPOCH_SECONDS: "1",
      MANIFEST_SLACK_MS: "120000", // the world publishes its backlog of segments at once
      EPOCH_CLOSE_DELAY_MS: "200",
      EPOCH_LOCK_MS: "1000",
      RECEIPT_CLAIM_IDLE_MS: "300",
      ATTESTOR_PRIVATE_KEYS: attestorKey,
      REWARD_POOLS_ADDRESS: REWARD_POOLS,
      LOG_LEVEL: "silent",
    };
    child = await startCoordinator(env, port);
    const url = `http://127.0.0.1:${port}`;
    const world = await buildWorld(url, { sessions: 30 });
    await seedPool(
      new PoolStore(redis, redisKeys("sp2p:")),
      world.streamId,
      world.owner.address.toLowerCase() as `0x${string}`,
    );
    const ROUNDS = 8;
    for (let round = 1; round <= ROUNDS; round++) {
      const receipts = await receiptsAt(world, round);
      for (let i = 0; i < receipts.length; i += 10) {
        const batch = receipts.slice(i, i + 10);
        await postUntilAccepted(() => postReceipts(world, batch));
        await postUntilAccepted(() => postReceipts(world, batch)); // a duplicate
      }
      if (round === 3 || round === 6) {
        await kill(child); // batches accepted, some maybe mid-evaluation
        child = await startCoordinator(env, port);
      }
      if (round === 5) await backend.disrupt(redisKeys("sp2p:").receiptStream());
      await sleep(round % 2 === 0 ? 600 : 0); // let some epochs close in between
    }
    await drained(url);

    const relay = world.relay.address.toLowerCase();
    const expected = BigInt(30 * ROUNDS * world.segmentBytes);
    let attestations: any[] = [];
    const until = Date.now() + 90_000; // generous: a loaded 2-core machine is slow, not wrong
    while (Date.now() < until) {
      const res = await http(url, "GET", `/v1/relays/${relay}/attestations`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      attestations = res.body.attestations;
      if (attestations[0]?.cumulativeBytes === String(expected)) break;
      await sleep(100);
    }
    const message = {
      poolId: 1n,
      account: relay as `0x${string}`,
      cumulativeBytes: expected,
      cumulativeAmount: expected,
    };
    const signature = await signAttestation(
      attestor,
      rewardPoolsDomain(CHAIN_ID, REWARD_POOLS),
      message,
    );
    const keys = redisKeys("sp2p:");
    const reports = await relayReports(redis, keys, relay);
    const reasons: Record<string, string> = {};
    for (const [epoch, report] of reports) reasons[epoch] = JSON.stringify(report);
    assert.deepEqual(
      attestations.map(({ epoch: _epoch, ...a }) => a),
      [
        {
          poolId: "1",
          account: relay,
          cumulativeBytes: String(expected),
          cumulativeAmount: String(expected),
          signatures: packAttestorSignatures([{ signer: attestor.address, signature }]),
        },
      ],
      `epoch reports: ${JSON.stringify(reasons)}`,
    );
    // Every epoch's reports together: each session's final bytes credited exactly once.
    let verified = 0;
    let credited = 0;
    for (const report of reports.values()) {
      verified += Number(report.verifiedBytes ?? 0);
      credited += Number(report["receipts:credited"] ?? 0);
    }
    assert.equal(BigInt(verified), expected);
    assert.equal(credited, 30 * ROUNDS);
    assert.equal(await redis.xlen(keys.receiptStream()), 0);
    const earnings = (await http(url, "GET", `/v1/relays/${relay}/earnings`)).body.earnings;
    assert.equal(
      earnings.reduce((s: bigint, e: any) => s + BigInt(e.amount), 0n),
      expected,
    );
  });

  it("an epoch close killed before its commit is redone once, with the same result", async () => {
    const prefix = "crash-close:";
    const keys = redisKeys(prefix);
    const pools = new PoolStore(redis, keys);
    const EPOCH = 500;
    const streams = [1, 2].map((n) => `0x${String(n).padStart(64, "0")}`);
    const owner = "0x00000000000000000000000000000000000000aa" as const;
    await seedPool(pools, streams[0]!, owner, 1n, {
      ratePerGB: 3_000_000_000n,
      balance: 1_000_000n,
    });
    await seedPool(pools, streams[1]!, owner, 2n, { ratePerGB: 1_000_000_000n, epochBudget: 700n });
    const relays = Array.from(
      { length: 50 },
      (_, r) => `0x${(r + 1).toString(16).padStart(40, "0")}`,
    );
    await seedEpochCredits(
      redis,
      keys,
      EPOCH,
      streams.flatMap((s) => relays.map((relay, r) => [s, relay, 1000 + r * 37] as const)),
    );
    await redis.set(keys.closedThrough(), String(EPOCH - 1));

    const now = String(EPOCH * 1000 + 1500);
    const hung = spawn(
      process.execPath,
      [path.resolve(import.meta.dirname, "support/close-and-hang.ts")],
      {
        env: { ...process.env, ...backend.env, PREFIX: prefix, NOW: now },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    await new Promise<void>((resolve, reject) => {
      hung.stdout!.on(
        "data",
        (chunk: Buffer) => chunk.toString().includes("computed") && resolve(),
      );
      hung.once("exit", () => reject(new Error("closer exited early")));
    });
    await kill(hung);
    assert.equal(await redis.get(keys.closedThrough()), String(EPOCH - 1));
    assert.equal(await ledgerSize(redis, keys), 0);

    const ledger = new EpochLedger(
      redis,
      keys,
      { genesisMs: 0, lengthMs: 1000 },
      {
        leaderboardTtlSeconds: 86400,
      },
    );
    const closer = () =>
      createEpochCloser({
        ledger,
        pools,
        clock: () => Number(now),
        logger: pino({ level: "silent" }),
        closeDelayMs: 0,
      });
    let closed: number | undefined;
    const until = Date.now() + 30_000;
    while (closed === undefined && Date.now() < until) {
      closed = await closer().closeDue(); // waits out the dead closer's lock
      if (closed === undefined) await sleep(100);
    }
    assert.equal(closed, EPOCH);
    assert.equal(await closer().closeDue(), undefined);

    const expected = closeEpoch({
      pools: [
        {
          poolId: 1n,
          ratePerGB: 3_000_000_000n,
          budgetPerEpoch: 0n,
          balance: 1_000_000n,
          claimedTotal: 0n,
          attestedTotal: 0n,
        },
        {
          poolId: 2n,
          ratePerGB: 1_000_000_000n,
          budgetPerEpoch: 700n,
          balance: 10n ** 15n,
          claimedTotal: 0n,
          attestedTotal: 0n,
        },
      ],
      credits: streams.flatMap((_, p) =>
        relays.map((relay, r) => ({
          poolId: BigInt(p + 1),
          relay: relay as `0x${string}`,
          bytes: BigInt(1000 + r * 37),
        })),
      ),
      ledger: new Map(),
    });
    const stored = await ledger.entries(
      expected.attestations.map((a) => `${a.poolId}:${a.account}`),
    );
    for (const a of expected.attestations) {
      const got = stored.get(`${a.poolId}:${a.account}`);
      assert.deepEqual(got, { bytes: a.cumulativeBytes, amount: a.cumulativeAmount, epoch: EPOCH });
    }
    assert.equal(
      (await pools.get(2n))!.attestedTotal,
      expected.pools.find((p) => p.poolId === 2n)!.attestedTotal,
    );
    assert.ok((await pools.get(2n))!.attestedTotal <= 700n);
  });

  it("a receipt batch that lands while its epoch is being closed moves to the next epoch, never lost", async () => {
    const prefix = "closing-race:";
    const keys = redisKeys(prefix);
    const pools = new PoolStore(redis, keys);
    const EPOCH = 700;
    const stream = `0x${"3".padStart(64, "0")}`;
    const relay = "0x00000000000000000000000000000000000000bb";
    await seedPool(pools, stream, "0x00000000000000000000000000000000000000aa", 1n, {
      ratePerGB: 1_000_000_000n,
      balance: 10n ** 15n,
    });
    await seedEpochCredits(redis, keys, EPOCH, [[stream, relay, "1000"]]);
    await redis.set(keys.closedThrough(), String(EPOCH - 1));
    const ledger = new EpochLedger(
      redis,
      keys,
      { genesisMs: 0, lengthMs: 1000 },
      {
        leaderboardTtlSeconds: 86400,
      },
    );
    const receipts = new ReceiptLedger(redis, keys);
    const late = (entryId: string, epoch: number) => {
      const delta = emptyRelayEpochReport(relay);
      delta.verifiedBytes = 500;
      delta.verifiedByStream[stream] = 500;
      return receipts.apply({
        entryId,
        relay,
        epoch,
        at: 0,
        delta,
        sessions: [],
        pairs: [],
        stateTtlMs: 60_000,
      });
    };
    let during: string | undefined;
    const closer = createEpochCloser({
      ledger,
      pools,
      clock: () => EPOCH * 1000 + 1500,
      logger: pino({ level: "silent" }),
      closeDelayMs: 0,
      // A batch evaluated slowly (or taken over from a dead consumer) applies to the epoch
      // after the closer read its credits, before the commit.
      beforeCommit: async () => {
        during = await late("late-1", EPOCH);
      },
    });
    assert.equal(await closer.closeDue(), EPOCH);
    assert.equal(during, "closed", "the batch is refused for the closing epoch");
    assert.equal(await ledger.epochFor(EPOCH * 1000 + 10), EPOCH + 1);
    assert.equal(await late("late-1", EPOCH + 1), "ok", "re-applied to the next epoch");
    const entry = (await ledger.entries([`1:${relay}`])).get(`1:${relay}`);
    assert.equal(entry?.bytes, 1000n, "the closed epoch paid what it read");
    assert.equal(
      await redis.hget(keys.epochCredits(EPOCH + 1, ledgerShard(relay)), `${stream}|${relay}`),
      "500",
    );
  });

  it("a close that dies after saving its plan, halfway through the shards, is finished once with that plan", async () => {
    const prefix = "crash-plan:";
    const keys = redisKeys(prefix);
    const pools = new PoolStore(redis, keys);
    const EPOCH = 900;
    const stream = `0x${"9".padStart(64, "0")}`;
    const owner = "0x00000000000000000000000000000000000000aa" as const;
    await seedPool(pools, stream, owner, 1n, { ratePerGB: 1_000_000_000n, balance: 10n ** 15n });
    const relays = Array.from(
      { length: 64 },
      (_, r) => `0x${(r + 1).toString(16).padStart(40, "0")}`,
    );
    await seedEpochCredits(
      redis,
      keys,
      EPOCH,
      relays.map((relay, r) => [stream, relay, 1000 + r] as const),
    );
    await redis.set(keys.closedThrough(), String(EPOCH - 1));
    const shards = new Set(relays.map(ledgerShard));
    assert.ok(shards.size > 8, "the relays spread over the shards");

    // The first closer's Redis dies after the plan and 5 shard commits (a boundary fault).
    let shardCommits = 0;
    const dying = new Proxy(redis, {
      get(target, property) {
        if (property === "call")
          return (...args: (string | number)[]) => {
            if (/\{ls:\d+\}:closed-through$/.test(String(args[3])) && ++shardCommits > 5)
              return Promise.reject(new Error("connection lost"));
            return target.call(...(args as [string, ...(string | number)[]]));
          };
        const value = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const closerOn = (client: typeof redis) =>
      createEpochCloser({
        ledger: new EpochLedger(
          client,
          keys,
          { genesisMs: 0, lengthMs: 1000 },
          {
            leaderboardTtlSeconds: 86400,
          },
        ),
        pools: new PoolStore(client, keys),
        clock: () => EPOCH * 1000 + 1500,
        logger: pino({ level: "silent" }),
        closeDelayMs: 0,
      });
    await assert.rejects(closerOn(dying).closeDue(), /connection lost/);
    assert.equal(await redis.get(keys.closedThrough()), String(EPOCH - 1));
    assert.ok(await redis.exists(keys.closePlan(EPOCH)), "the plan stays for the next closer");

    // The pool's terms change before the next closer runs: it must still commit the saved
    // plan (whose shards are half written), not a new computation.
    await seedPool(pools, stream, owner, 1n, { ratePerGB: 5_000_000_000n, balance: 10n ** 15n });
    assert.equal(await closerOn(redis).closeDue(), EPOCH);
    assert.equal(await redis.exists(keys.closePlan(EPOCH)), 0);
    const ledger = new EpochLedger(
      redis,
      keys,
      { genesisMs: 0, lengthMs: 1000 },
      {
        leaderboardTtlSeconds: 86400,
      },
    );
    const stored = await ledger.entries(relays.map((relay) => `1:${relay}`));
    let earned = 0n;
    for (const [r, relay] of relays.entries()) {
      const bytes = BigInt(1000 + r);
      assert.deepEqual(stored.get(`1:${relay}`), { bytes, amount: bytes, epoch: EPOCH });
      earned += BigInt((await redis.zscore(keys.leaderboardEarnings(ledgerShard(relay)), relay))!);
      assert.equal((await ledger.earnings(relay)).length, 1);
    }
    const total = relays.reduce((sum, _, r) => sum + BigInt(1000 + r), 0n);
    assert.equal(earned, total, "each shard's earnings counted once");
    assert.equal((await pools.get(1n))!.attestedTotal, total);
  });
});
