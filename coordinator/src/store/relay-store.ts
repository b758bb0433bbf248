/** Relays' heartbeats and fetch logs, in Redis. */
import type { RedisClient } from "./redis-client.ts";
import type { z } from "zod";
import type { fetchLogRequest, heartbeatRequest } from "@streamrp2p/protocol";
import type { ProbeRecord } from "../core/relay-reachability.ts";
import type { Keys } from "./keys.ts";

export type Heartbeat = z.output<typeof heartbeatRequest>;
export type FetchLogEntries = z.output<typeof fetchLogRequest>["entries"];

/** What the last heartbeat said, plus when and from where it came. */
export interface RelayRecord extends Heartbeat {
  address: `0x${string}`;
  lastSeen: number;
  /** Network addresses the relay was seen at (sign-in, heartbeats), newest first, at most 8. */
  ips: string[];
  /** The coordinator's last probe of `url` (absent: none yet, or probes are off). */
  probe?: ProbeRecord;
}

export interface FetchRecord {
  sequence: number;
  hash: string;
  from: string;
  at: number;
}

const MAX_IPS = 8;
/** Relays silent for longer than this drop out of the registry. */
const RETENTION_MS = 24 * 3600 * 1000;

export class RelayStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;

  constructor(redis: RedisClient, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  /**
   * Records a heartbeat. `retentionMs` (default 24 h) is how long the record outlives it; an
   * unstaked relay passes a short one and no streams, so it creates no per-stream keys. `probe`
   * is the coordinator's probe of the heartbeat's URL (undefined: none to record).
   */
  async heartbeat(
    address: `0x${string}`,
    heartbeat: Heartbeat,
    ip: string,
    now: number,
    retentionMs = RETENTION_MS,
    probe?: ProbeRecord,
  ): Promise<RelayRecord> {
    const previous = await this.get(address);
    const ips = [ip, ...(previous?.ips ?? []).filter((p) => p !== ip)].slice(0, MAX_IPS);
    const record: RelayRecord = {
      ...heartbeat,
      address,
      lastSeen: now,
      ips,
      ...(probe ? { probe } : {}),
    };
    // One MULTI per hash slot: the relay record with the relay index, then each stream's list.
    await this.#redis
      .multi()
      .set(this.#keys.relay(address), JSON.stringify(record), "PX", retentionMs)
      .zadd(this.#keys.relays(), now, address)
      .zremrangebyscore(this.#keys.relays(), "-inf", now - RETENTION_MS)
      .exec();
    await Promise.all(
      heartbeat.streams.map((streamId) =>
        this.#redis
          .multi()
          .zadd(this.#keys.streamRelays(streamId), now, address)
          .zremrangebyscore(this.#keys.streamRelays(streamId), "-inf", now - RETENTION_MS)
          .pexpire(this.#keys.streamRelays(streamId), RETENTION_MS)
          .exec(),
      ),
    );
    return record;
  }

  async get(address: string): Promise<RelayRecord | undefined> {
    const json = await this.#redis.get(this.#keys.relay(address));
    return json ? (JSON.parse(json) as RelayRecord) : undefined;
  }

  async #load(addresses: string[]): Promise<RelayRecord[]> {
    if (addresses.length === 0) return [];
    const values = await this.#redis.mget(addresses.map((a) => this.#keys.relay(a)));
    return values.flatMap((v) => (v ? [JSON.parse(v) as RelayRecord] : []));
  }

  /** Relays heard from since `since` (ms), most recent first. */
  async list(since: number): Promise<RelayRecord[]> {
    return this.#load(await this.#redis.zrevrangebyscore(this.#keys.relays(), "+inf", since));
  }

  /** Relays whose heartbeat named the stream since `since` (ms), most recent first. */
  async listForStream(streamId: string, since: number): Promise<RelayRecord[]> {
    const addresses = await this.#redis.zrevrangebyscore(
      this.#keys.streamRelays(streamId),
      "+inf",
      since,
    );
    const records = await this.#load(addresses);
    return records.filter((r) => r.streams.includes(streamId as `0x${string}`));
  }

  /** Records what the relay fetched, per stream; the first report of a sequence wins. */
  async appendFetchLog(relay: string, entries: FetchLogEntries, ttlSeconds: number): Promise<void> {
    const byStream = new Map<string, Record<string, string>>();
    for (const e of entries) {
      const fields = byStream.get(e.streamId) ?? {};
      fields[String(e.sequence)] ??= JSON.stringify({ hash: e.hash, from: e.from, at: e.at });
      byStream.set(e.streamId, fields);
    }
    await Promise.all(
      [...byStream].map(([streamId, fields]) => {
        const key = this.#keys.fetchLog(streamId, relay);
        const multi = this.#redis.multi();
        for (const [sequence, value] of Object.entries(fields)) multi.hsetnx(key, sequence, value);
        return multi.expire(key, ttlSeconds).exec();
      }),
    );
  }

  /** The relay's fetch log for one stream, ascending by sequence. */
  async fetchLog(streamId: string, relay: string): Promise<FetchRecord[]> {
    const hash = await this.#redis.hgetall(this.#keys.fetchLog(streamId, relay));
    return Object.entries(hash)
      .map(([sequence, json]) => ({
        sequence: Number(sequence),
        ...(JSON.parse(json) as Omit<FetchRecord, "sequence">),
      }))
      .sort((a, b) => a.sequence - b.sequence);
  }
}
