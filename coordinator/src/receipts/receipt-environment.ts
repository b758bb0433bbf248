/**
 * Loads from Redis everything evaluating one relay's receipt batch reads (sessions, pair
 * baselines, the relay, manifests and fetch logs), so the pure core can decide synchronously.
 * Manifest and fetch-log indexes are cached in memory and rebuilt when they grew.
 */
import type { RedisClient } from "../store/redis-client.ts";
import type { ReceiptEnvironment } from "../core/evaluate-receipt.ts";
import { sessionRelayKey } from "../core/evaluate-receipt.ts";
import type { FraudPolicy } from "../core/fraud-policy.ts";
import type { RelayStanding, SessionRecord, SessionRelayState } from "../core/records.ts";
import { buildFetchIndex, buildSegmentIndex, type SegmentIndex } from "../core/segment-index.ts";
import { relayStanding, type StakeReader } from "../stake/stake-reader.ts";
import type { Keys } from "../store/keys.ts";
import type { RelayStore } from "../store/relay-store.ts";
import type { StoredSession } from "../store/session-store.ts";
import type { StreamStore } from "../store/stream-store.ts";

export type LoadedEnvironment = Omit<ReceiptEnvironment, "verifySignature"> & {
  /** The stored baseline JSON of every loaded pair, by sessionRelayKey ("" when none). */
  rawStates: Map<string, string>;
};

interface Cached {
  version: string;
  index: SegmentIndex;
}

export interface EnvironmentLoaderDeps {
  redis: RedisClient;
  keys: Keys;
  streams: StreamStore;
  relays: RelayStore;
  stake: StakeReader;
  requireStake: boolean;
  policy: FraudPolicy;
  manifestMaxEntries: number;
  /** For streams stored without a maximum bitrate: the coordinator's cap. */
  defaultMaxBitrate: number;
}

function sessionIdsOf(receipts: readonly unknown[]): string[] {
  const ids = new Set<string>();
  for (const r of receipts) {
    const id = (r as { sessionId?: unknown } | null)?.sessionId;
    if (typeof id === "string" && id.length <= 128) ids.add(id);
  }
  return [...ids];
}

export function createEnvironmentLoader(deps: EnvironmentLoaderDeps) {
  const { redis, keys } = deps;
  const manifests = new Map<string, Cached>();
  const fetchLogs = new Map<string, Cached>();

  const bitrates = new Map<string, number | undefined>();

  async function manifestIndex(streamId: string): Promise<SegmentIndex | undefined> {
    const [lastSequence, lastManifestAt, maxBitrate] = await redis.hmget(
      keys.stream(streamId),
      "lastSequence",
      "lastManifestAt",
      "maxBitrate",
    );
    bitrates.set(streamId, maxBitrate === null ? deps.defaultMaxBitrate : Number(maxBitrate));
    if (lastSequence === null) return undefined;
    const version = `${lastSequence}:${lastManifestAt}`;
    const cached = manifests.get(streamId);
    if (cached?.version === version) return cached.index;
    const entries = await deps.streams.manifest(streamId, 0, deps.manifestMaxEntries);
    const index = buildSegmentIndex(entries);
    manifests.set(streamId, { version, index });
    return index;
  }

  async function fetchIndex(
    streamId: string,
    relay: string,
    manifest: SegmentIndex | undefined,
  ): Promise<SegmentIndex | undefined> {
    if (manifest === undefined) return undefined;
    const key = `${streamId}|${relay}`;
    const length = await redis.hlen(keys.fetchLog(streamId, relay));
    if (length === 0) return undefined;
    const manifestVersion = manifests.get(streamId)?.version ?? "";
    const version = `${length}:${manifestVersion}`;
    const cached = fetchLogs.get(key);
    if (cached?.version === version) return cached.index;
    const index = buildFetchIndex(manifest, await deps.relays.fetchLog(streamId, relay));
    fetchLogs.set(key, { version, index });
    return index;
  }

  async function relayRecord(address: string): Promise<RelayStanding | undefined> {
    const [record, staked, jailed] = await Promise.all([
      deps.relays.get(address),
      deps.requireStake
        ? relayStanding(deps.stake, address as `0x${string}`).then((s) => s.staked)
        : Promise.resolve(true),
      redis.sismember(keys.jailed(), address),
    ]);
    if (record === undefined) return undefined;
    return { address, staked, jailed: jailed === 1, ips: record.ips };
  }

  return async function load(
    submitter: string,
    receipts: readonly unknown[],
    now: number,
  ): Promise<LoadedEnvironment> {
    const ids = sessionIdsOf(receipts);
    const sessions = new Map<string, SessionRecord>();
    const rawStates = new Map<string, string>();
    const states = new Map<string, SessionRelayState>();
    const records = await Promise.all(ids.map((id) => redis.get(keys.session(id))));
    records.forEach((json, i) => {
      if (json) sessions.set(ids[i]!, JSON.parse(json) as StoredSession);
    });
    // Each pair's baseline lives in its relay's ledger shard: the submitter's pairs and, for
    // the cross-relay checks, those of every relay the session was given.
    const pairs = ids.flatMap((id) => {
      const relays = new Set([submitter, ...(sessions.get(id)?.relays ?? [])]);
      return [...relays].map((relay) => [id, relay] as const);
    });
    const values = await Promise.all(
      pairs.map(([id, relay]) => redis.hget(keys.sessionState(id, relay), relay)),
    );
    pairs.forEach(([id, relay], i) => {
      const json = values[i];
      if (json === null || json === undefined) return;
      rawStates.set(sessionRelayKey(id, relay), json);
      states.set(sessionRelayKey(id, relay), JSON.parse(json) as SessionRelayState);
    });
    const streamIds = new Set([...sessions.values()].map((s) => s.streamId));
    const manifestByStream = new Map<string, SegmentIndex | undefined>();
    const fetchedByStream = new Map<string, SegmentIndex | undefined>();
    const [relay] = await Promise.all([
      relayRecord(submitter),
      ...[...streamIds].map(async (streamId) => {
        const manifest = await manifestIndex(streamId);
        manifestByStream.set(streamId, manifest);
        fetchedByStream.set(streamId, await fetchIndex(streamId, submitter, manifest));
      }),
    ]);
    return {
      submitter,
      now,
      policy: deps.policy,
      rawStates,
      session: (id) => sessions.get(id),
      relay: (address) => (address === submitter ? relay : undefined),
      manifest: (streamId) => manifestByStream.get(streamId),
      maxBitrate: (streamId) => bitrates.get(streamId),
      fetched: (address, streamId) =>
        address === submitter ? fetchedByStream.get(streamId) : undefined,
      state: (sessionId, address) => states.get(sessionRelayKey(sessionId, address)),
    };
  };
}

export type EnvironmentLoader = ReturnType<typeof createEnvironmentLoader>;
