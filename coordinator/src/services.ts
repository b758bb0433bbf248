/**
 * The coordinator's composition: `createServices` builds, once per process, everything the
 * HTTP app and the workers share (config, clock, logger, Redis stores, cached stake reader
 * with its metrics hook, metrics, chain reads, attestation signer). `createApp` and
 * `createWorkers` both take the result.
 */
import type { RedisClient } from "./store/redis-client.ts";
import type { Logger } from "pino";
import { Registry } from "prom-client";
import type { RelayInfo } from "@streamrp2p/protocol";
import type { CoordinatorChain } from "./chain/contracts.ts";
import { chainPoolReader, type PoolReader } from "./chain/pool-reader.ts";
import { epochScheduleOf, leaderboardRetentionSecondsOf, type Config } from "./config.ts";
import { epochAt } from "./core/epoch-window.ts";
import { isLive, rankRelays, relayTiers } from "./core/relay-order.ts";
import { reachabilityOf, type ProbePolicy } from "./core/relay-reachability.ts";
import type { AttestationSigner } from "./epochs/attestation-signer.ts";
import { EpochLedger } from "./epochs/epoch-ledger.ts";
import { createMetrics, type Metrics } from "./metrics.ts";
import { ReceiptLedger } from "./receipts/receipt-ledger.ts";
import { ReceiptQueue } from "./receipts/receipt-queue.ts";
import { cachedStakeReader } from "./stake/cached-stake-reader.ts";
import { relayStandings, type StakeReader } from "./stake/stake-reader.ts";
import { AuditStore } from "./store/audit-store.ts";
import { AuthStore } from "./store/auth-store.ts";
import { redisKeys, type Keys } from "./store/keys.ts";
import { LeaderboardStore } from "./store/leaderboard-store.ts";
import { PoolStore } from "./store/pool-store.ts";
import { RelayStore, type RelayRecord } from "./store/relay-store.ts";
import { SessionStore } from "./store/session-store.ts";
import { StreamStore } from "./store/stream-store.ts";

export interface Services {
  config: Config;
  /** ms since the Unix epoch. */
  clock: () => number;
  redis: RedisClient;
  keys: Keys;
  logger: Logger;
  registry: Registry;
  metrics: Metrics;
  /** Cached in RedisClient; a failed chain read answers "not staked" / "no operator" (fail closed). */
  stake: StakeReader;
  /** Uncached, straight from the chain; a failed read throws. For reads that settle money. */
  chainStake: StakeReader;
  streams: StreamStore;
  relays: RelayStore;
  sessions: SessionStore;
  auth: AuthStore;
  receipts: ReceiptQueue;
  receiptLedger: ReceiptLedger;
  epochs: EpochLedger;
  pools: PoolStore;
  leaderboards: LeaderboardStore;
  /** Failed spot checks: withheld relay keys per epoch and their evidence. */
  audits: AuditStore;
  /** The contracts the chain watcher follows (undefined without a chain). */
  chain: CoordinatorChain | undefined;
  /** On-chain pool reads (undefined without a chain). */
  poolReader: PoolReader | undefined;
  /** Signs attestations (undefined without attestor keys). */
  signer: AttestationSigner | undefined;
  /** What probes of relays' advertised URLs fetch with (relays/probe-relay.ts). */
  probeFetch: typeof globalThis.fetch;
}

export interface ServiceDeps {
  config: Config;
  redis: RedisClient;
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
  /** What relay probes fetch with; default globalThis.fetch. */
  probeFetch?: typeof globalThis.fetch;
}

export function createServices(deps: ServiceDeps): Services {
  const { config, redis, logger } = deps;
  const registry = deps.registry ?? new Registry();
  const metrics = createMetrics(registry);
  const keys = redisKeys(config.redisPrefix);
  const leaderboardTtl = leaderboardRetentionSecondsOf(config);
  const durability = { replicas: config.redisWaitReplicas, timeoutMs: config.redisWaitMs };
  return {
    config,
    clock: deps.clock ?? Date.now,
    redis,
    keys,
    logger,
    registry,
    metrics,
    chainStake: deps.stakeReader,
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
    receipts: new ReceiptQueue(redis, keys, durability),
    receiptLedger: new ReceiptLedger(redis, keys, {
      durability,
      reportTtlSeconds: config.epochRetentionDays * 86400,
    }),
    epochs: new EpochLedger(redis, keys, epochScheduleOf(config), {
      leaderboardTtlSeconds: leaderboardTtl,
      retentionSeconds: config.epochRetentionDays * 86400,
      durability,
    }),
    pools: new PoolStore(redis, keys),
    leaderboards: new LeaderboardStore(redis, keys),
    audits: new AuditStore(redis, keys, config.auditEvidenceMax),
    chain: deps.chain,
    poolReader:
      deps.poolReader ??
      (deps.chain ? chainPoolReader(deps.chain.client, deps.chain.rewardPools) : undefined),
    signer: deps.signer,
    probeFetch: deps.probeFetch ?? globalThis.fetch,
  };
}

/** The relay probe settings of a config (RELAY_PROBE, RELAY_PROBE_INTERVAL_SECONDS). */
export function probePolicyOf(config: Config): ProbePolicy {
  return { enabled: config.relayProbe, intervalMs: config.relayProbeIntervalSeconds * 1000 };
}

/** Relays judged on fewer bytes than this have no measured performance yet. */
export const PERFORMANCE_MIN_BYTES = 1 << 20;

/**
 * The relays a new session gets, best first (core/relay-order.ts): the live relays with their
 * stake (batched, cached), the tiers the coordinator derives from their upstreams, and their
 * measured performance over this epoch and the last, drawn with the session id as seed.
 */
export async function assignRelays(
  services: Services,
  streamId: string,
  sessionId: string,
  now: number,
  viewerAddress: string | undefined,
): Promise<{ address: `0x${string}`; url: string; tier: number }[]> {
  const { config } = services;
  const liveMs = config.relayLiveSeconds * 1000;
  const policy = probePolicyOf(config);
  // Tiers come from every live relay (an unlisted one still feeds those below it); viewers
  // only get relays whose advertised URL answered the coordinator's probe.
  const all = await withStake(services, await services.relays.list(now - liveMs));
  const live = all.filter(({ record }) => reachabilityOf(record, policy).listed);
  const tiers = relayTiers(
    all.map(({ record }) => record),
    config.originUrls,
  );
  const epoch = epochAt(now, services.epochs.schedule).epoch;
  const performance = await services.receiptLedger.performance(
    live.map(({ record }) => record.address),
    epoch > 0 ? [epoch - 1, epoch] : [epoch],
    PERFORMANCE_MIN_BYTES,
  );
  const ranked = rankRelays(
    live.map(({ record, operator, staked }) => ({
      ...record,
      operator,
      staked,
      ...(performance.get(record.address) === undefined
        ? {}
        : { performance: performance.get(record.address)! }),
    })),
    {
      streamId,
      now,
      liveMs,
      requireStake: config.requireStake,
      limit: config.relaysPerSession,
      seed: sessionId,
      tiers,
      ...(viewerAddress ? { viewerAddress: viewerAddress.toLowerCase() } : {}),
    },
  );
  return ranked.map((r) => ({
    address: r.address as `0x${string}`,
    url: r.url,
    tier: tiers.get(r.address) ?? 0,
  }));
}

/** Each relay's tier as the coordinator derives it from the reported upstreams. */
export function tiersOf(services: Services, records: readonly RelayRecord[]): Map<string, number> {
  return relayTiers(records, services.config.originUrls);
}

export function relayInfoOf(
  record: RelayRecord,
  standing: { operator: `0x${string}` | null; staked: boolean },
  now: number,
  liveMs: number,
  tier: number,
  policy: ProbePolicy,
): RelayInfo {
  return {
    address: record.address,
    operator: standing.operator,
    url: record.url,
    tier,
    upstream: record.upstream,
    streams: record.streams,
    load: record.load,
    viewers: record.viewers,
    bytesServed: record.bytesServed,
    version: record.version,
    lastSeen: record.lastSeen,
    live: isLive(record.lastSeen, now, liveMs),
    staked: standing.staked,
    inbound: record.inbound ?? null,
    reachability: reachabilityOf(record, policy),
  };
}

/** Relay records (by relay key) with their operator and its (cached) stake status: two batch reads. */
export async function withStake(
  services: Services,
  records: readonly RelayRecord[],
): Promise<{ record: RelayRecord; operator: `0x${string}` | null; staked: boolean }[]> {
  const standings = await relayStandings(
    services.stake,
    records.map((r) => r.address),
  );
  return records.map((record, i) => ({ record, ...standings[i]! }));
}
