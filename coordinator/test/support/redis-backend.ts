/**
 * The Redis a coordinator test runs on: one redis-server, or, with TEST_REDIS_CLUSTER=1, a
 * local Redis Cluster that the coordinator reaches through REDIS_CLUSTER_NODES and writes to
 * with REDIS_WAIT_REPLICAS=1. `npm run test:cluster` runs the pipeline, receipt, epoch and
 * crash suites this way.
 */
import { startRedisCluster } from "../../../scripts/lib/redis-cluster.ts";
import { startRedis, type RedisServer } from "../../../scripts/lib/redis-server.ts";
import { connectRedis, type RedisClient } from "../../src/store/redis-client.ts";

export interface RedisBackend {
  /** The config that points a coordinator at it. */
  config: { redisUrl: string; redisClusterNodes: string[]; redisWaitReplicas: number };
  /** The same as coordinator environment variables. */
  env: Record<string, string>;
  /** The single server (undefined on a cluster). */
  server: RedisServer | undefined;
  connect(maxRetriesPerRequest?: number): RedisClient;
  /**
   * The worst a deployment survives: one server restarts (from its append-only file); on a
   * cluster, the primary serving `key` is SIGKILLed and a replica takes over.
   */
  disrupt(key: string): Promise<void>;
  stop(): Promise<void>;
}

export const onCluster = process.env.TEST_REDIS_CLUSTER === "1";

export async function startRedisBackend(
  options: { appendOnly?: boolean; replicasPerPrimary?: number } = {},
): Promise<RedisBackend> {
  if (!onCluster) {
    const server = await startRedis({ appendOnly: options.appendOnly ?? false });
    const config = { redisUrl: server.url, redisClusterNodes: [], redisWaitReplicas: 0 };
    return {
      config,
      env: { REDIS_URL: server.url },
      server,
      connect: (retries = 1) => connectRedis(config, retries),
      disrupt: () => server.restart(),
      stop: () => server.stop(),
    };
  }
  const cluster = await startRedisCluster({ replicasPerPrimary: options.replicasPerPrimary });
  const nodes = cluster.seeds.map((s) => `${s.host}:${s.port}`);
  const config = {
    redisUrl: "redis://127.0.0.1:6379",
    redisClusterNodes: nodes,
    redisWaitReplicas: 1,
  };
  return {
    config,
    env: { REDIS_CLUSTER_NODES: nodes.join(","), REDIS_WAIT_REPLICAS: "1" },
    server: undefined,
    connect: (retries = 1) => connectRedis(config, retries),
    async disrupt(key) {
      const primary = await cluster.primaryFor(key);
      await cluster.killNode(primary);
      await cluster.waitForFailover(primary);
    },
    stop: () => cluster.stop(),
  };
}
