import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Redis } from "ioredis";
import { startRedis } from "../../../scripts/lib/redis-server.ts";
import { redisScript } from "../../src/store/redis-script.ts";

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
