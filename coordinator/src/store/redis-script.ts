/**
 * A Lua script run by SHA (EVALSHA), loading it with EVAL only when the server does not
 * know it yet (first use, restart, failover), so hot paths do not resend the source. With a
 * durability of n replicas the call is followed by WAIT on the same node and fails unless n
 * replicas hold its writes, so a primary that dies right after cannot take them along.
 */
import { createHash } from "node:crypto";
import type { RedisClient } from "./redis-client.ts";

/** Replicas that must acknowledge a write before it counts; 0 = answer once the primary has it. */
export interface Durability {
  replicas: number;
  timeoutMs: number;
}

export const NO_REPLICAS: Durability = { replicas: 0, timeoutMs: 0 };

/** Fewer replicas than required acknowledged a write in time: it may not survive a failover. */
export class ReplicationError extends Error {
  constructor(acked: number, wanted: number) {
    super(`only ${acked} of ${wanted} Redis replicas acknowledged the write`);
    this.name = "ReplicationError";
  }
}

export type RedisScript = (
  redis: RedisClient,
  keys: readonly string[],
  args: readonly (string | number)[],
  durability?: Durability,
) => Promise<unknown>;

/**
 * Sends one command and WAIT in a pipeline: on a cluster the pipeline goes to the node of
 * the command's keys, so WAIT counts that primary's replicas. ioredis does not follow a MOVED
 * or ASK redirection in such a pipeline (its WAIT, keyless, is not redirected), so after a
 * failover the command fails there without running: the slot map is refreshed and the
 * pipeline sent once more. A second redirection is thrown (asApiError: UNAVAILABLE).
 */
export async function waitForReplicas(
  redis: RedisClient,
  durability: Durability,
  command: string,
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    return await sendWithWait(redis, durability, command, args);
  } catch (error) {
    if (!isRedirection(error) || !("refreshSlotsCache" in redis)) throw error;
    await new Promise<void>((resolve) => redis.refreshSlotsCache(() => resolve()));
    return sendWithWait(redis, durability, command, args);
  }
}

/** A cluster's answer that the key's slot lives on another node (the command did not run). */
function isRedirection(error: unknown): boolean {
  return error instanceof Error && /^(MOVED|ASK) /.test(error.message);
}

async function sendWithWait(
  redis: RedisClient,
  durability: Durability,
  command: string,
  args: readonly (string | number)[],
): Promise<unknown> {
  const replies = await redis
    .pipeline()
    .call(command, ...args)
    .call("WAIT", durability.replicas, durability.timeoutMs)
    .exec();
  const [error, value] = replies?.[0] ?? [new Error(`no reply to ${command}`), null];
  if (error) throw error;
  const acked = Number(replies?.[1]?.[1] ?? 0);
  if (acked < durability.replicas) throw new ReplicationError(acked, durability.replicas);
  return value;
}

export function redisScript(lua: string): RedisScript {
  const sha = createHash("sha1").update(lua).digest("hex");
  return async (redis, keys, args, durability = NO_REPLICAS) => {
    const run = (command: "EVALSHA" | "EVAL", first: string) =>
      durability.replicas > 0
        ? waitForReplicas(redis, durability, command, [first, keys.length, ...keys, ...args])
        : redis.call(command, first, keys.length, ...keys, ...args);
    try {
      return await run("EVALSHA", sha);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return run("EVAL", lua);
    }
  };
}
