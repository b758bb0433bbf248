/**
 * The coordinator's composition: `createServices` builds, once per process, everything the
 * HTTP app and the workers share (config, clock, logger, Redis stores, cached stake reader
 * with its metrics hook, metrics, chain reads, attestation signer). `createApp` and
 * `createWorkers` both take the result.
 */
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { Registry } from "prom-client";
import type { RelayInfo } from "@streamrp2p/protocol";
import type { CoordinatorChain } from "./chain/contracts.ts";
import { chainPoolReader, type PoolReader } from "./chain/pool-reader.ts";
import { epochScheduleOf, type Config } from "./config.ts";
import { isLive } from "./core/relay-order.ts";
import type { AttestationSigner } from "./epochs/attestation-signer.ts";
import { EpochLedger } from "./epochs/epoch-ledger.ts";
import { createMetrics, type Metrics } from "./metrics.ts";
import { ReceiptLedger } from "./receipts/receipt-ledger.ts";
import { ReceiptQueue } from "./receipts/receipt-queue.ts";
import { cachedStakeReader } from "./stake/cached-stake-reader.ts";
import { relayStanding, type StakeReader } from "./stake/stake-reader.ts";
import { AuthStore } from "./store/auth-store.ts";
import { redisKeys, type Keys } from "./store/keys.ts";
import { PoolStore } from "./store/pool-store.ts";
import { RelayStore, type RelayRecord } from "./store/relay-store.ts";
import { SessionStore } from "./store/session-store.ts";
import { StreamStore } from "./store/stream-store.ts";

export interface Services {
  config: Config;
  /** ms since the Unix epoch. */
  clock: () => number;
  redis: Redis;
  keys: Keys;
  logger: Logger;
  registry: Registry;
  metrics: Metrics;
  /** Cached in Redis. */
  stake: StakeReader;
  streams: StreamStore;
  relays: RelayStore;
  sessions: SessionStore;
  auth: AuthStore;
  receipts: ReceiptQueue;
  receiptLedger: ReceiptLedger;
  epochs: EpochLedger;
  pools: PoolStore;
  /** The contracts the chain watcher follows (undefined without a chain). */
  chain: CoordinatorChain | undefined;
  /** On-chain pool reads (undefined without a chain). */
  poolReader: PoolReader | undefined;
  /** Signs attestations (undefined without attestor keys). */
  signer: AttestationSigner | undefined;
}

export interface ServiceDeps {
  config: Config;
  redis: Redis;
  logger: Logger;
  /** Uncached stake status (chain reader, or a fake in tests); cached in Redis here. */
  stakeReader: StakeReader;
  /** ms since the Unix epoch; default Date.now. */
  clock?: () => number;
  /** Where metrics register; default a fresh registry (main.ts adds the default process metrics). */
  registry?: Registry;
  /** The contracts to read and follow; gives the pool reader unless `poolReader` is set. */
  chain?: CoordinatorChain;
  /** On-chain pool reads for POST /v1/streams/:id/pools (none: that route answers CHAIN_UNAVAILABLE). */
  poolReader?: PoolReader;
  /** Signs served attestations (none: GET attestations answers ATTESTOR_UNAVAILABLE). */
  signer?: AttestationSigner;
}

export function createServices(deps: ServiceDeps): Services {
  const { config, redis, logger } = deps;
  const registry = deps.registry ?? new Registry();
  const metrics = createMetrics(registry);
  const keys = redisKeys(config.redisPrefix);
  return {
    config,
    clock: deps.clock ?? Date.now,
    redis,
    keys,
    logger,
    registry,
    metrics,
    stake: cachedStakeReader({
      redis,
      keys,
      inner: deps.stakeReader,
      ttlSeconds: config.stakeCacheSeconds,
      logger,
      onLookup: (outcome) => metrics.stakeLookups.inc({ outcome }),
    }),
    streams: new StreamStore(redis, keys),
    relays: new RelayStore(redis, keys),
    sessions: new SessionStore(redis, keys),
    auth: new AuthStore(redis, keys),
    receipts: new ReceiptQueue(redis, keys),
    receiptLedger: new ReceiptLedger(redis, keys),
    epochs: new EpochLedger(redis, keys, config.redisPrefix, epochScheduleOf(config)),
    pools: new PoolStore(redis, keys),
    chain: deps.chain,
    poolReader:
      deps.poolReader ??
      (deps.chain ? chainPoolReader(deps.chain.client, deps.chain.rewardPools) : undefined),
    signer: deps.signer,
  };
}

export function relayInfoOf(
  record: RelayRecord,
  standing: { operator: `0x${string}` | null; staked: boolean },
  now: number,
  liveMs: number,
): RelayInfo {
  return {
    address: record.address,
    operator: standing.operator,
    url: record.url,
    tier: record.tier,
    upstream: record.upstream,
    streams: record.streams,
    load: record.load,
    viewers: record.viewers,
    bytesServed: record.bytesServed,
    version: record.version,
    lastSeen: record.lastSeen,
    live: isLive(record.lastSeen, now, liveMs),
    staked: standing.staked,
  };
}

/** Relay records (by relay key) with their operator and its (cached) stake status, in parallel. */
export async function withStake(
  services: Services,
  records: readonly RelayRecord[],
): Promise<{ record: RelayRecord; operator: `0x${string}` | null; staked: boolean }[]> {
  const standings = await Promise.all(records.map((r) => relayStanding(services.stake, r.address)));
  return records.map((record, i) => ({ record, ...standings[i]! }));
}
