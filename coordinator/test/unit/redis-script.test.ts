import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Redis } from "ioredis";
import { startRedis } from "../../../scripts/lib/redis-server.ts";
import { asApiError } from "../../src/app.ts";
import { redisScript, ReplicationError } from "../../src/store/redis-script.ts";

describe("redisScript", () => {
  it("runs by SHA and reloads the source after the server forgot it", async () => {
    const server = await startRedis();
    const redis = new Redis(server.url);
    try {
      const incrBy = redisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])");
      assert.equal(await incrBy(redis, ["n"], [2]), 2);
      assert.equal(await incrBy(redis, ["n"], [3]), 5);
      await redis.script("FLUSH");
      assert.equal(await incrBy(redis, ["n"], [1]), 6);
      await assert.rejects(
        redisScript("return redis.call('NOPE')")(redis, [], []),
        /Unknown Redis command|ERR/,
      );
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });
});

describe("a Redis that cannot take a write", () => {
  it("answers 503 UNAVAILABLE with Retry-After, not 500, for replicas behind or a failover", () => {
    for (const error of [
      new ReplicationError(0, 1),
      new Error("CLUSTERDOWN The cluster is down"),
      new Error("TRYAGAIN Multiple keys request during rehashing of slot"),
      new Error("READONLY You can't write against a read only replica."),
      new Error("MOVED 5974 127.0.0.1:40075"),
      Object.assign(new Error("Failed to refresh slots cache."), { name: "ClusterAllFailedError" }),
    ]) {
      const api = asApiError(error);
      assert.equal(api.code, "UNAVAILABLE", error.message);
      assert.equal(api.status, 503);
      assert.equal(api.headers["retry-after"], "1");
    }
    assert.equal(asApiError(new Error("boom")).code, "INTERNAL");
  });

  it("fails a write that fewer replicas than required acknowledged", async () => {
    const server = await startRedis();
    const redis = new Redis(server.url);
    try {
      const set = redisScript("return redis.call('SET', KEYS[1], ARGV[1])");
      await assert.rejects(
        set(redis, ["k"], ["v"], { replicas: 1, timeoutMs: 50 }),
        (error: unknown) => error instanceof ReplicationError && /0 of 1/.test(error.message),
      );
      assert.equal(await set(redis, ["k"], ["w"], { replicas: 0, timeoutMs: 0 }), "OK");
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });
});
