/**
 * The local Redis Cluster launcher (scripts/lib/redis-cluster.ts) with ioredis's Cluster client:
 * 3 primaries and 3 replicas serve 1,000 keys spread over the slots; a multi-key Lua script runs
 * on keys sharing one hash tag and is refused with CROSSSLOT on keys of different slots; after
 * the primary of a key is SIGKILLed a replica takes over, and every write acknowledged by a
 * replica (WAIT 1) before the kill is still readable, and the key writable, through the client.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Cluster } from "ioredis";
import { startRedisCluster, type RedisCluster } from "../../scripts/lib/redis-cluster.ts";
import { stopAll } from "../../scripts/lib/service.ts";

const KEYS = 1_000;
const SUM_SCRIPT =
  "return redis.call('INCRBY', KEYS[1], ARGV[1]) + redis.call('INCRBY', KEYS[2], ARGV[1])";

let cluster: RedisCluster | undefined;
let client: Cluster | undefined;

before(async () => {
  cluster = await startRedisCluster({ primaries: 3, replicasPerPrimary: 1 });
  client = new Cluster(cluster.seeds, {
    scaleReads: "master",
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
    redisOptions: { connectTimeout: 1_000, maxRetriesPerRequest: 5 },
  });
});

after(async () => {
  client?.disconnect();
  await cluster?.stop();
  await stopAll();
});

test(
  "a 3x2 Redis Cluster serves keys, hash-tagged scripts and survives a primary's death",
  {
    timeout: 120_000,
  },
  async () => {
    assert.ok(cluster && client);
    assert.equal(cluster.nodes.length, 6);
    assert.equal(cluster.seeds.length, 6);

    await Promise.all(
      Array.from({ length: KEYS }, (_, i) => client!.set(`key:${i}`, `value:${i}`)),
    );
    const values = await Promise.all(
      Array.from({ length: KEYS }, (_, i) => client!.get(`key:${i}`)),
    );
    assert.deepEqual(
      values,
      Array.from({ length: KEYS }, (_, i) => `value:${i}`),
    );
    const owners = new Set(
      await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((i) => cluster!.primaryFor(`key:${i}`))),
    );
    assert.ok(owners.size > 1, "the keys spread over more than one primary");

    assert.equal(await client.eval(SUM_SCRIPT, 2, "{pool:1}:a", "{pool:1}:b", 5), 10);
    await assert.rejects(client.eval(SUM_SCRIPT, 2, "{pool:1}:a", "{pool:2}:b", 5), /CROSSSLOT/);

    // Every primary has a replica holding all writes made so far on the client's connection.
    for (const primary of client.nodes("master")) {
      assert.ok(Number(await primary.call("WAIT", 1, 5_000)) >= 1, "a replica acknowledged");
    }
    const [, acked] = (await client
      .pipeline()
      .set("key:7", "before-kill")
      .call("WAIT", 1, 5_000)
      .exec())!;
    assert.ok(Number(acked![1]) >= 1, "a replica acknowledged the last write");

    const victim = await cluster.primaryFor("key:7");
    await cluster.killNode(victim);
    await cluster.waitForFailover(victim);
    const successor = await cluster.primaryFor("key:7");
    assert.notEqual(successor, victim);

    assert.equal(await client.get("key:7"), "before-kill");
    await client.set("key:7", "after-failover");
    assert.equal(await client.get("key:7"), "after-failover");
    const survivors = await Promise.all(
      Array.from({ length: KEYS }, (_, i) => client!.get(`key:${i}`)),
    );
    assert.deepEqual(
      survivors,
      Array.from({ length: KEYS }, (_, i) => (i === 7 ? "after-failover" : `value:${i}`)),
    );
  },
);
