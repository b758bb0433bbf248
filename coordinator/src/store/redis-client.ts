/**
 * The Redis connection the coordinator uses: one server (`REDIS_URL`) or a Redis Cluster
 * (`REDIS_CLUSTER_NODES`). Every key layout and script works on both (store/keys.ts).
 */
import { Cluster, Redis } from "ioredis";

export type RedisClient = Redis | Cluster;

export interface RedisTarget {
  redisUrl: string;
  /** host:port seeds of a Redis Cluster; empty for one server. */
  redisClusterNodes: readonly string[];
}

/** Connects to the cluster when seeds are given, else to `redisUrl`; commands auto-pipeline. */
export function connectRedis(target: RedisTarget, maxRetriesPerRequest = 2): RedisClient {
  if (target.redisClusterNodes.length === 0)
    return new Redis(target.redisUrl, { maxRetriesPerRequest, enableAutoPipelining: true });
  return new Cluster(
    target.redisClusterNodes.map((node) => {
      const colon = node.lastIndexOf(":");
      return { host: node.slice(0, colon), port: Number(node.slice(colon + 1)) };
    }),
    { enableAutoPipelining: true, redisOptions: { maxRetriesPerRequest } },
  );
}
