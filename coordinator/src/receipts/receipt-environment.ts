/**
 * Loads from Redis everything evaluating one relay's receipt batch reads (sessions, pair
 * baselines, the relay, manifests and fetch logs), so the pure core can decide synchronously.
 * Manifest and fetch-log indexes are cached in memory and rebuilt when they grew. A batch's
 * sessions are one MGET (on a cluster, where they spread over slots, one GET each), its pair
 * baselines one script per ledger shard (a shard's keys share a hash tag, so one slot).
 */
import { Cluster } from "ioredis";
import type { RedisClient } from "../store/redis-client.ts";
import { redisScript } from "../store/redis-script.ts";
import type { ReceiptEnvironment } from "../core/evaluate-receipt.ts";
import { sessionRelayKey } from "../core/evaluate-receipt.ts";
import type { FraudPolicy } from "../core/fraud-policy.ts";
import type { RelayStanding, SessionRecord, SessionRelayState } from "../core/records.ts";
import { buildFetchIndex, buildSegmentIndex, type SegmentIndex } from "../core/segment-index.ts";
import { relayStanding, type StakeReader } from "../stake/stake-reader.ts";
import { ledgerShard, type Keys } from "../store/keys.ts";
import type { RelayStore } from "../store/relay-store.ts";
import type { StoredSession } from "../store/session-store.ts";
import type { StreamStore } from "../store/stream-store.ts";

export type LoadedEnvironment = Omit<ReceiptEnvironment, "verifySignature"> & {
  /** The stored baseline JSON of every loaded pair, by sessionRelayKey ("" when none). */
  rawStates: Map<string, string>;
  /** The loaded pairs, [sessionId, relay]. */
  pairs: readonly (readonly [string, string])[];
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

/** HGET KEYS[i] ARGV[i] for every i (keys of one slot): nil where there is none. */
const HGET_EACH = redisScript(`
local out = {}
for i, key in ipairs(KEYS) do out[i] = redis.call('HGET', key, ARGV[i]) end
return out
`);

async function getEach(redis: RedisClient, keys: readonly string[]): Promise<(string | null)[]> {
  if (keys.length === 0) return [];
  if (redis instanceof Cluster) return Promise.all(keys.map((key) => redis.get(key)));
  return redis.mget(...keys);
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

  /** The baselines of `pairs` ([sessionId, relay]): one script per ledger shard. */
  async function loadStates(pairs: readonly (readonly [string, string])[]) {
    const rawStates = new Map<string, string>();
    const states = new Map<string, SessionRelayState>();
    const byShard = new Map<number, (readonly [string, string])[]>();
    for (const pair of pairs) {
      const shard = ledgerShard(pair[1]);
      const group = byShard.get(shard);
      if (group === undefined) byShard.set(shard, [pair]);
      else group.push(pair);
    }
    await Promise.all(
      [...byShard.values()].map(async (group) => {
        const values = (await HGET_EACH(
          redis,
          group.map(([id, relay]) => keys.sessionState(id, relay)),
          group.map(([, relay]) => relay),
        )) as (string | null)[];
        group.forEach(([id, relay], i) => {
          const json = values[i];
          if (json === null || json === undefined) return;
          rawStates.set(sessionRelayKey(id, relay), json);
          states.set(sessionRelayKey(id, relay), JSON.parse(json) as SessionRelayState);
        });
      }),
    );
    return { rawStates, states };
  }

  function withStates(
    env: Omit<LoadedEnvironment, "rawStates" | "state">,
    { rawStates, states }: Awaited<ReturnType<typeof loadStates>>,
  ): LoadedEnvironment {
    return {
      ...env,
      rawStates,
      state: (sessionId, address) => states.get(sessionRelayKey(sessionId, address)),
    };
  }

  async function load(
    submitter: string,
    receipts: readonly unknown[],
    now: number,
  ): Promise<LoadedEnvironment> {
    const ids = sessionIdsOf(receipts);
    const sessions = new Map<string, SessionRecord>();
    const records = await getEach(
      redis,
      ids.map((id) => keys.session(id)),
    );
    records.forEach((json, i) => {
      if (json) sessions.set(ids[i]!, JSON.parse(json) as StoredSession);
    });
    // Each pair's baseline lives in its relay's ledger shard: the submitter's pairs and, for
    // the cross-relay checks, those of every relay the session was given.
    const pairs = ids.flatMap((id) =>
      [...new Set([submitter, ...(sessions.get(id)?.relays ?? [])])].map(
        (relay) => [id, relay] as const,
      ),
    );
    const streamIds = new Set([...sessions.values()].map((s) => s.streamId));
    const manifestByStream = new Map<string, SegmentIndex | undefined>();
    const fetchedByStream = new Map<string, SegmentIndex | undefined>();
    const [loaded, relay] = await Promise.all([
      loadStates(pairs),
      relayRecord(submitter),
      ...[...streamIds].map(async (streamId) => {
        const manifest = await manifestIndex(streamId);
        manifestByStream.set(streamId, manifest);
        fetchedByStream.set(streamId, await fetchIndex(streamId, submitter, manifest));
      }),
    ]);
    return withStates(
      {
        submitter,
        now,
        policy: deps.policy,
        pairs,
        session: (id) => sessions.get(id),
        relay: (address) => (address === submitter ? relay : undefined),
        manifest: (streamId) => manifestByStream.get(streamId),
        maxBitrate: (streamId) => bitrates.get(streamId),
        fetched: (address, streamId) =>
          address === submitter ? fetchedByStream.get(streamId) : undefined,
      },
      loaded!,
    );
  }

  return {
    load,
    /** The same environment with its pair baselines read again (they may have moved since). */
    async refreshStates(env: LoadedEnvironment): Promise<LoadedEnvironment> {
      return withStates(env, await loadStates(env.pairs));
    },
  };
}

export type EnvironmentLoader = ReturnType<typeof createEnvironmentLoader>;
