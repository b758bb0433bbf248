/**
 * A Lua script run by SHA (EVALSHA), loading it with EVAL only when the server does not
 * know it yet (first use, restart, failover), so hot paths do not resend the source.
 */
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

export type RedisScript = (
  redis: Redis,
  keys: readonly string[],
  args: readonly (string | number)[],
) => Promise<unknown>;

export function redisScript(lua: string): RedisScript {
  const sha = createHash("sha1").update(lua).digest("hex");
  return async (redis, keys, args) => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return redis.eval(lua, keys.length, ...keys, ...args);
    }
  };
}
