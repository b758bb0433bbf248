/** An in-process coordinator with its workers over a real redis-server (or Redis Cluster: redis-backend.ts), for the pipeline tests. */
import { pino } from "pino";
import type { LocalAccount } from "viem";
import { rewardPoolsDomain } from "@streamrp2p/protocol";
import type { RedisServer } from "../../../scripts/lib/redis-server.ts";
import { createApp } from "../../src/app.ts";
import type { PoolReader } from "../../src/chain/pool-reader.ts";
import { defineConfig, type Config } from "../../src/config.ts";
import { createAttestationSigner } from "../../src/epochs/attestation-signer.ts";
import { listen, type Listening } from "../../src/listen.ts";
import { noStakeReader, type StakeReader } from "../../src/stake/stake-reader.ts";
import { redisKeys } from "../../src/store/keys.ts";
import { connectRedis, type RedisClient } from "../../src/store/redis-client.ts";
import { startRedisBackend } from "./redis-backend.ts";
import { PoolStore } from "../../src/store/pool-store.ts";
import { createWorkers, type Workers } from "../../src/workers.ts";
import { createServices } from "../../src/services.ts";
import type { CoordinatorChain } from "../../src/chain/contracts.ts";
import { CHAIN_ID, STAKING_ADDRESS } from "./harness.ts";

export const REWARD_POOLS = "0x5fbdb2315678afecb367f032d93f642f64180aa3" as const;

export interface Pipeline {
  /** The single redis-server (undefined on a cluster, TEST_REDIS_CLUSTER=1). */
  redisServer: RedisServer | undefined;
  redis: RedisClient;
  config: Config;
  server: Listening;
  url: string;
  workers: Workers;
  pools: PoolStore;
  close(): Promise<void>;
}

export async function startPipeline(options: {
  overrides?: Partial<Record<keyof Config, unknown>>;
  attestors?: LocalAccount[];
  redisServer?: RedisServer;
  poolReader?: PoolReader;
  chain?: CoordinatorChain;
  rewardPools?: `0x${string}`;
  stakingAddress?: `0x${string}`;
  /** Default: nobody is staked (with REQUIRE_STAKE=false). */
  stakeReader?: StakeReader;
}): Promise<Pipeline> {
  const backend = options.redisServer ? undefined : await startRedisBackend();
  const redisServer = options.redisServer ?? backend?.server;
  const config = defineConfig({
    ...(backend ? backend.config : { redisUrl: options.redisServer!.url }),
    chainId: CHAIN_ID,
    stakingAddress: options.stakingAddress ?? STAKING_ADDRESS,
    requireStake: false,
    trustProxy: "loopback",
    maxSessionsPerAddress: 10_000,
    rateLimitMax: 1_000_000,
    epochSeconds: 2,
    epochCloseDelayMs: 200,
    manifestSlackMs: 120_000, // test worlds publish their backlog of segments at once
    logLevel: "silent",
    relayProbe: false, // test relays often advertise URLs nobody serves; probes are tested on their own
    ...options.overrides,
  });
  const logger = pino({ level: "silent" });
  const redis = backend ? backend.connect() : connectRedis(config, 1);
  redis.on("error", () => undefined);
  const signer = options.attestors
    ? createAttestationSigner(
        options.attestors,
        rewardPoolsDomain(CHAIN_ID, options.rewardPools ?? REWARD_POOLS),
      )
    : undefined;
  const services = createServices({
    config,
    redis,
    logger,
    stakeReader: options.stakeReader ?? noStakeReader,
    ...(signer ? { signer } : {}),
    ...(options.poolReader ? { poolReader: options.poolReader } : {}),
    ...(options.chain ? { chain: options.chain } : {}),
  });
  const app = createApp(services);
  const server = await listen(app, 0, "127.0.0.1");
  const workers = createWorkers(services);
  workers.start();
  return {
    redisServer,
    redis,
    config,
    server,
    url: server.url,
    workers,
    pools: new PoolStore(redis, redisKeys(config.redisPrefix)),
    async close() {
      await workers.stop();
      await server.close();
      redis.disconnect();
      await backend?.stop();
    },
  };
}

/** Seeds a pool as the chain watcher would store it and links the stream to it. */
export async function seedPool(
  pools: PoolStore,
  streamId: string,
  owner: `0x${string}`,
  poolId = 1n,
  terms: { ratePerGB?: bigint; balance?: bigint; epochBudget?: bigint; closesAt?: number } = {},
): Promise<void> {
  await pools.saveChain(
    poolId,
    {
      owner,
      token: "0x0000000000000000000000000000000000000001",
      ratePerGB: terms.ratePerGB ?? 1_000_000_000n,
      maxRatePerGB: 2_000_000_000n,
      epochBudget: terms.epochBudget ?? 0n,
      noticePeriod: 3600,
      balance: terms.balance ?? 10n ** 15n,
      closesAt: terms.closesAt ?? 0,
    },
    1,
  );
  await pools.linkStream(streamId, poolId);
}
