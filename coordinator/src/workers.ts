/**
 * The background work every coordinator process runs next to its HTTP app: the receipt
 * consumer, the epoch closer and (with a chain) the chain watcher. Each is safe to run in
 * any number of processes at once (consumer group, fenced close lock, idempotent watcher).
 */
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { PublicClient } from "viem";
import { epochSchedule } from "./app.ts";
import { createChainWatcher, type ChainWatcher, type ContractRef } from "./chain/chain-watcher.ts";
import type { Config } from "./config.ts";
import { parseFraudPolicy } from "./core/fraud-policy.ts";
import { createReceiptVerifier } from "./core/receipt-verifier.ts";
import { createEpochCloser, type EpochCloser } from "./epochs/epoch-closer.ts";
import { EpochLedger } from "./epochs/epoch-ledger.ts";
import { createReceiptConsumer, type ReceiptConsumer } from "./receipts/receipt-consumer.ts";
import { createEnvironmentLoader } from "./receipts/receipt-environment.ts";
import { ReceiptLedger } from "./receipts/receipt-ledger.ts";
import { ReceiptQueue } from "./receipts/receipt-queue.ts";
import { cachedStakeReader } from "./stake/cached-stake-reader.ts";
import type { StakeReader } from "./stake/stake-reader.ts";
import { redisKeys } from "./store/keys.ts";
import { PoolStore } from "./store/pool-store.ts";
import { RelayStore } from "./store/relay-store.ts";
import { StreamStore } from "./store/stream-store.ts";

export interface WorkerChain {
  client: PublicClient;
  rewardPools: ContractRef;
  staking: ContractRef;
  startBlock: bigint;
}

export interface WorkerDeps {
  config: Config;
  redis: Redis;
  logger: Logger;
  stakeReader: StakeReader;
  clock?: () => number;
  chain?: WorkerChain;
  /** Test hook of the epoch closer. */
  beforeCommit?(epoch: number): Promise<void>;
}

export interface Workers {
  consumer: ReceiptConsumer;
  closer: EpochCloser;
  watcher: ChainWatcher | undefined;
  start(): void;
  stop(): Promise<void>;
}

export function createWorkers(deps: WorkerDeps): Workers {
  const { config, redis, logger } = deps;
  const clock = deps.clock ?? Date.now;
  const keys = redisKeys(config.redisPrefix);
  const pools = new PoolStore(redis, keys);
  const ledger = new EpochLedger(redis, keys, config.redisPrefix, epochSchedule(config));
  const stake = cachedStakeReader({
    redis,
    keys,
    inner: deps.stakeReader,
    ttlSeconds: config.stakeCacheSeconds,
    logger,
  });
  const consumer = createReceiptConsumer({
    redis,
    queue: new ReceiptQueue(redis, keys),
    ledger: new ReceiptLedger(redis, keys),
    load: createEnvironmentLoader({
      redis,
      keys,
      streams: new StreamStore(redis, keys),
      relays: new RelayStore(redis, keys),
      stake,
      requireStake: config.requireStake,
      policy: parseFraudPolicy({ allowLoopbackViewers: config.allowLoopbackViewers }),
      manifestMaxEntries: config.manifestMaxEntries,
    }),
    verifier: createReceiptVerifier(),
    epochFor: (at) => ledger.epochFor(at),
    logger,
    concurrency: config.receiptConcurrency,
    claimIdleMs: config.receiptClaimIdleMs,
    stateTtlMs: (config.sessionTtlSeconds + 86400) * 1000,
  });
  const closer = createEpochCloser({
    ledger,
    pools,
    clock,
    logger,
    closeDelayMs: config.epochCloseDelayMs,
    lockTtlMs: config.epochLockMs,
    ...(deps.beforeCommit ? { beforeCommit: deps.beforeCommit } : {}),
  });
  const watcher = deps.chain
    ? createChainWatcher({
        client: deps.chain.client,
        rewardPools: deps.chain.rewardPools,
        staking: deps.chain.staking,
        pools,
        redis,
        keys,
        logger,
        startBlock: deps.chain.startBlock,
        blockRange: config.watcherBlockRange,
        reorgDepth: config.watcherReorgDepth,
      })
    : undefined;
  return {
    consumer,
    closer,
    watcher,
    start() {
      void consumer.start();
      closer.start(Math.min(250, config.epochSeconds * 250));
      watcher?.start(config.watcherPollMs);
    },
    async stop() {
      await Promise.all([consumer.stop(), closer.stop(), watcher?.stop()]);
    },
  };
}
