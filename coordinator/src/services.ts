/** What route handlers work with: config, clock, the Redis stores, stake status, metrics. */
import type { Redis } from "ioredis";
import type { Registry } from "prom-client";
import type { RelayInfo } from "@streamrp2p/protocol";
import type { Config } from "./config.ts";
import type { PoolReader } from "./chain/pool-reader.ts";
import type { AttestationSigner } from "./epochs/attestation-signer.ts";
import type { EpochLedger } from "./epochs/epoch-ledger.ts";
import type { ReceiptLedger } from "./receipts/receipt-ledger.ts";
import type { ReceiptQueue } from "./receipts/receipt-queue.ts";
import type { PoolStore } from "./store/pool-store.ts";
import type { Metrics } from "./metrics.ts";
import { isLive } from "./relay-order.ts";
import type { StakeReader } from "./stake/stake-reader.ts";
import type { AuthStore } from "./store/auth-store.ts";
import type { Keys } from "./store/keys.ts";
import type { RelayRecord, RelayStore } from "./store/relay-store.ts";
import type { SessionStore } from "./store/session-store.ts";
import type { StreamStore } from "./store/stream-store.ts";

export interface Services {
  config: Config;
  /** ms since the Unix epoch. */
  clock: () => number;
  redis: Redis;
  keys: Keys;
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
  /** On-chain pool reads (undefined without a chain). */
  poolReader: PoolReader | undefined;
  /** Signs attestations (undefined without attestor keys). */
  signer: AttestationSigner | undefined;
}

export function relayInfoOf(
  record: RelayRecord,
  staked: boolean,
  now: number,
  liveMs: number,
): RelayInfo {
  return {
    address: record.address,
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
    staked,
  };
}

/** Relay records with their (cached) stake status, looked up in parallel. */
export async function withStake(
  services: Services,
  records: readonly RelayRecord[],
): Promise<{ record: RelayRecord; staked: boolean }[]> {
  const staked = await Promise.all(records.map((r) => services.stake.isActive(r.address)));
  return records.map((record, i) => ({ record, staked: staked[i]! }));
}
