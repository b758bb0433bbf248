/**
 * The background work every coordinator process runs next to its HTTP app: the receipt
 * consumer, the epoch closer, the auditor (spot checks of relays; AUDIT_INTERVAL_MS=0 turns it
 * off) and (with a chain) the chain watcher, over the same services as the app
 * (`createServices`). Each is safe to run in any number of processes at once (consumer group,
 * fenced close lock, one audit round per interval, idempotent watcher).
 */
import { createRelayAuditor, type RelayAuditor } from "./audit/relay-auditor.ts";
import { createChainWatcher, type ChainWatcher } from "./chain/chain-watcher.ts";
import { producedSnapshotsOf } from "./config.ts";
import { parseFraudPolicy } from "./core/fraud-policy.ts";
import { createReceiptVerifier } from "./core/receipt-verifier.ts";
import { createEpochCloser, type EpochCloser } from "./epochs/epoch-closer.ts";
import { createReceiptConsumer, type ReceiptConsumer } from "./receipts/receipt-consumer.ts";
import { createEnvironmentLoader } from "./receipts/receipt-environment.ts";
import type { Services } from "./services.ts";
import { settlesWithin } from "./settles-within.ts";
import { operatorsOf } from "./stake/stake-reader.ts";

/** How long stop() waits for each worker (a Redis command that never answers must not hang a shutdown). */
const WORKER_STOP_MS = 15_000;

export interface WorkerOptions {
  /** Test hook of the epoch closer. */
  beforeCommit?(epoch: number): Promise<void>;
}

export interface Workers {
  consumer: ReceiptConsumer;
  closer: EpochCloser;
  /** Not started when AUDIT_INTERVAL_MS is 0; `runOnce` works either way. */
  auditor: RelayAuditor;
  watcher: ChainWatcher | undefined;
  start(): void;
  stop(): Promise<void>;
}

export function createWorkers(services: Services, options: WorkerOptions = {}): Workers {
  const { config, redis, keys, logger, clock, chain } = services;
  const policy = parseFraudPolicy({ allowLoopbackViewers: config.allowLoopbackViewers });
  const consumer = createReceiptConsumer({
    redis,
    queue: services.receipts,
    ledger: services.receiptLedger,
    load: createEnvironmentLoader({
      redis,
      keys,
      streams: services.streams,
      relays: services.relays,
      stake: services.stake,
      requireStake: config.requireStake,
      policy,
      manifestMaxEntries: config.manifestMaxEntries,
      defaultMaxBitrate: config.maxStreamBitrate,
    }),
    verifier: createReceiptVerifier(),
    epochFor: (at) => services.epochs.epochFor(at),
    logger,
    concurrency: config.receiptConcurrency,
    claimIdleMs: config.receiptClaimIdleMs,
    stateTtlMs: (config.sessionTtlSeconds + 86400) * 1000,
    onApplied: (_receipts, outcome) => services.metrics.batchesApplied.inc({ outcome }),
  });
  const closer = createEpochCloser({
    ledger: services.epochs,
    pools: services.pools,
    clock,
    logger,
    closeDelayMs: config.epochCloseDelayMs,
    // Uncached: a cached read fails closed ("no operator"), which here would commit the bytes
    // as unpaid for good; a failed chain read must stop the close so the next tick retries it.
    operatorsOf: (relayKeys) => operatorsOf(services.chainStake, relayKeys),
    // A relay key that failed a spot check in the epoch earns nothing for it.
    withheld: (epoch) => services.audits.withheld(epoch),
    bounds: {
      produced: (streamIds, from, to) =>
        services.streams.producedBetween(streamIds, from, to, producedSnapshotsOf(config).bucketMs),
      lagMs: config.epochBoundLagMs,
      tolerance: policy,
    },
    lockTtlMs: config.epochLockMs,
    ...(options.beforeCommit ? { beforeCommit: options.beforeCommit } : {}),
  });
  const auditor = createRelayAuditor(services);
  const watcher = chain
    ? createChainWatcher({
        client: chain.client,
        rewardPools: chain.rewardPools,
        staking: chain.staking,
        pools: services.pools,
        redis,
        keys,
        logger,
        startBlock: chain.startBlock,
        blockRange: config.watcherBlockRange,
        reorgDepth: config.watcherReorgDepth,
      })
    : undefined;
  return {
    consumer,
    closer,
    auditor,
    watcher,
    start() {
      void consumer.start();
      closer.start(Math.min(250, config.epochSeconds * 250));
      if (config.auditIntervalMs > 0) auditor.start(config.auditIntervalMs);
      watcher?.start(config.watcherPollMs);
    },
    async stop() {
      const stopping = {
        consumer: consumer.stop(),
        closer: closer.stop(),
        auditor: auditor.stop(),
        watcher: watcher?.stop(),
      };
      await Promise.all(
        Object.entries(stopping).map(async ([worker, stopped]) => {
          if (!(await settlesWithin(stopped, WORKER_STOP_MS)))
            logger.error({ worker, waitedMs: WORKER_STOP_MS }, "worker did not stop; leaving it");
        }),
      );
    },
  };
}
