/**
 * A durable write (the command and WAIT in one pipeline, store/redis-script.ts) while the
 * primary of its key's slot is SIGKILLed and its replica takes over, on a real Redis Cluster.
 * ioredis follows MOVED for single commands but not for a pipeline whose WAIT (no key) did not
 * move, so without care the stale slot map surfaces as MOVED errors, i.e. 500 INTERNAL on
 * POST /v1/receipts, until ioredis's periodic slot refresh.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startRedisCluster, type RedisCluster } from "../../scripts/lib/redis-cluster.ts";
import { asApiError } from "../src/app.ts";
import { connectRedis, type RedisClient } from "../src/store/redis-client.ts";
import { redisKeys } from "../src/store/keys.ts";
import { waitForReplicas } from "../src/store/redis-script.ts";

const DURABLE = { replicas: 1, timeoutMs: 1000 };

describe("a durable write across a failover of its primary", () => {
  let cluster: RedisCluster;
  let redis: RedisClient;
  before(async () => {
    cluster = await startRedisCluster({ primaries: 3, replicasPerPrimary: 1 });
    redis = connectRedis({
      redisUrl: "",
      redisClusterNodes: cluster.seeds.map((s) => `${s.host}:${s.port}`),
    });
    redis.on("error", () => undefined);
  });
  after(async () => {
    redis?.disconnect();
    await cluster?.stop();
  });

  it("fails only as UNAVAILABLE (503, retry) and writes again once the cluster is whole", async () => {
    const key = redisKeys("sp2p:").receiptStream();
    const write = () => waitForReplicas(redis, DURABLE, "XADD", [key, "*", "b", "1"]);
    await write();
    const victim = await cluster.primaryFor(key);

    const failures: string[] = [];
    let writing = true;
    const writer = (async () => {
      while (writing) {
        await write().catch((error: unknown) => {
          const api = asApiError(error);
          if (api.code !== "UNAVAILABLE") failures.push(`${api.code}: ${String(error)}`);
        });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await cluster.killNode(victim);
    await cluster.waitForFailover(victim);
    await cluster.restartNode(victim);
    writing = false;
    await writer;

    assert.deepEqual([...new Set(failures)], []);
    await write();
  });
});
