/**
 * The coordinator on a real Redis Cluster (3 primaries, 2 replicas each, started by
 * scripts/lib/redis-cluster.ts): two coordinator processes share intake and epoch closes,
 * while the primary of the relay's ledger shard is SIGKILLed during intake and the primary of
 * the epoch keys while epochs close (every second). With REDIS_WAIT_REPLICAS=1 nothing
 * acknowledged is lost, nothing is credited twice, and the attestation equals an
 * uninterrupted run's.
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { Cluster } from "ioredis";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { packAttestorSignatures, rewardPoolsDomain, signAttestation } from "@streamrp2p/protocol";
import { startRedisCluster, type RedisCluster } from "../../scripts/lib/redis-cluster.ts";
import { freePort } from "../../scripts/lib/service.ts";
import { ALL_LEDGER_SHARDS, redisKeys } from "../src/store/keys.ts";
import { PoolStore } from "../src/store/pool-store.ts";
import { CHAIN_ID, STAKING_ADDRESS } from "./support/harness.ts";
import { REWARD_POOLS, seedPool } from "./support/pipeline.ts";
import { kill, postUntilAccepted, sleep, startCoordinator } from "./support/coordinator-process.ts";
import { relayReports } from "./support/ledger-shards.ts";
import { buildWorld, drained, http, postReceipts, receiptsAt } from "./support/world.ts";

describe("Redis Cluster: two coordinators, primaries killed during intake and closes", () => {
  let cluster: RedisCluster;
  let redis: Cluster;
  const children: ChildProcess[] = [];
  before(async () => {
    cluster = await startRedisCluster({ replicasPerPrimary: 2 });
    redis = new Cluster(cluster.seeds, { redisOptions: { maxRetriesPerRequest: 20 } });
    redis.on("error", () => undefined);
  });
  after(async () => {
    await Promise.all(children.map(kill));
    redis?.disconnect();
    await cluster?.stop();
  });

  it("loses no acknowledged receipt, credits none twice, attests what an uninterrupted run would", async () => {
    const attestorKey = generatePrivateKey();
    const attestor = privateKeyToAccount(attestorKey);
    const env = {
      REDIS_CLUSTER_NODES: cluster.seeds.map((s) => `${s.host}:${s.port}`).join(","),
      REDIS_WAIT_REPLICAS: "1",
      COORDINATOR_HOST: "127.0.0.1",
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
      EPOCH_LOCK_MS: "3000",
      RECEIPT_CLAIM_IDLE_MS: "1000",
      ATTESTOR_PRIVATE_KEYS: attestorKey,
      REWARD_POOLS_ADDRESS: REWARD_POOLS,
      LOG_LEVEL: "silent",
    };
    const ports = [await freePort(), await freePort()];
    for (const port of ports) children.push(await startCoordinator(env, port));
    const urls = ports.map((port) => `http://127.0.0.1:${port}`);
    const world = await buildWorld(urls[0]!, { sessions: 30 });
    const keys = redisKeys("sp2p:");
    await seedPool(
      new PoolStore(redis, keys),
      world.streamId,
      world.owner.address.toLowerCase() as `0x${string}`,
    );
    const relay = world.relay.address.toLowerCase();
    const shardPrimary = await cluster.primaryFor(keys.relayReport(0, relay));
    const ROUNDS = 8;
    for (let round = 1; round <= ROUNDS; round++) {
      const receipts = await receiptsAt(world, round);
      for (let i = 0; i < receipts.length; i += 10) {
        const batch = receipts.slice(i, i + 10);
        const [first, second] = i % 20 === 0 ? urls : [...urls].reverse();
        await postUntilAccepted(() => postReceipts({ ...world, url: first! }, batch));
        await postUntilAccepted(() => postReceipts({ ...world, url: second! }, batch)); // a duplicate
        if (round === 3 && i === 10) await cluster.killNode(shardPrimary); // mid-intake
      }
      if (round === 3) await cluster.waitForFailover(shardPrimary);
      if (round === 6) {
        const epochsPrimary = await cluster.primaryFor(keys.closedThrough());
        await cluster.killNode(epochsPrimary); // epochs close every second
        await cluster.waitForFailover(epochsPrimary);
      }
      await sleep(round % 2 === 0 ? 600 : 0); // let some epochs close in between
    }
    await drained(urls[0]!, 60_000);

    const expected = BigInt(30 * ROUNDS * world.segmentBytes);
    let attestations: any[] = [];
    const until = Date.now() + 90_000;
    while (Date.now() < until) {
      const res = await http(urls[1]!, "GET", `/v1/relays/${relay}/attestations`);
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
    );
    // Every epoch's report of the relay: each session's bytes credited exactly once, every
    // batch credited once however many coordinators saw it.
    let verified = 0;
    let credited = 0;
    for (const report of (await relayReports(redis, keys, relay)).values()) {
      verified += Number(report.verifiedBytes ?? 0);
      credited += Number(report["receipts:credited"] ?? 0);
    }
    assert.equal(BigInt(verified), expected);
    assert.equal(credited, 30 * ROUNDS);
    assert.equal(await redis.xlen(keys.receiptStream()), 0);
    const earnings = (await http(urls[0]!, "GET", `/v1/relays/${relay}/earnings`)).body.earnings;
    assert.equal(
      earnings.reduce((s: bigint, e: any) => s + BigInt(e.amount), 0n),
      expected,
    );
    // Both coordinators evaluated batches: the consumer group shared the intake.
    for (const url of urls) {
      const metrics = await (await fetch(`${url}/metrics`)).text();
      const ok = /coordinator_receipt_batches_applied_total\{outcome="ok"\} (\d+)/.exec(metrics);
      assert.ok(Number(ok?.[1] ?? 0) > 0, `${url} applied no batch`);
    }
    for (const n of ALL_LEDGER_SHARDS)
      assert.ok(
        Number((await redis.get(keys.shardClosingThrough(n))) ?? 0) >=
          Number(await redis.get(keys.closedThrough())),
      );
  });
});
