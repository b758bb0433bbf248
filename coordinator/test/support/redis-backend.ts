/**
 * The Redis a coordinator test runs on: one redis-server, or, with TEST_REDIS_CLUSTER=1, a
 * local Redis Cluster (3 primaries with one replica each) that the coordinator reaches through
 * REDIS_CLUSTER_NODES and writes to with REDIS_WAIT_REPLICAS=1. `npm run test:cluster` runs
 * the receipt and epoch suites this way.
 */
import { startRedisCluster } from "../../../scripts/lib/redis-cluster.ts";
import { startRedis, type RedisServer } from "../../../scripts/lib/redis-server.ts";
import { connectRedis, type RedisClient } from "../../src/store/redis-client.ts";

export interface RedisBackend {
  /** The config that points a coordinator at it. */
  config: { redisUrl: string; redisClusterNodes: string[]; redisWaitReplicas: number };
  /** The single server (undefined on a cluster). */
  server: RedisServer | undefined;
  connect(): RedisClient;
  stop(): Promise<void>;
}

export const onCluster = process.env.TEST_REDIS_CLUSTER === "1";

export async function startRedisBackend(): Promise<RedisBackend> {
  if (!onCluster) {
    const server = await startRedis();
    const config = { redisUrl: server.url, redisClusterNodes: [], redisWaitReplicas: 0 };
    return { config, server, connect: () => connectRedis(config, 1), stop: () => server.stop() };
  }
  const cluster = await startRedisCluster();
  const config = {
    redisUrl: "redis://127.0.0.1:6379",
    redisClusterNodes: cluster.seeds.map((s) => `${s.host}:${s.port}`),
    redisWaitReplicas: 1,
  };
  return {
    config,
    server: undefined,
    connect: () => connectRedis(config, 1),
    stop: () => cluster.stop(),
  };
}
