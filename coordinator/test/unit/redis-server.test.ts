import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { describe, it } from "node:test";
import { Redis } from "ioredis";
import { pingRedis, startRedis } from "../../../scripts/lib/redis-server.ts";

describe("startRedis", () => {
  it("starts on a free loopback port, keeps append-only data across restart, cleans up on stop", async () => {
    const server = await startRedis({ appendOnly: true });
    assert.match(server.url, /^redis:\/\/127\.0\.0\.1:\d+$/);
    const redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
    redis.on("error", () => undefined);
    try {
      await redis.set("k", "v");
      await server.restart();
      assert.equal(await redis.get("k"), "v");
    } finally {
      redis.disconnect();
      await server.stop();
    }
    assert.equal(await pingRedis(server.port, 200), false);
    assert.equal(existsSync(server.dir), false);
  });
});
