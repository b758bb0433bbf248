/** Streams, their stream keys and their origin-signed manifests, in Redis. */
import { createHash, randomBytes } from "node:crypto";
import type { RedisClient } from "./redis-client.ts";
import type { SignedManifestEntry, StreamInfo } from "@streamrp2p/protocol";
import type { Keys } from "./keys.ts";
import { redisScript } from "./redis-script.ts";

export interface StreamRecord {
  streamId: `0x${string}`;
  name: string;
  originAddress: `0x${string}`;
  ownerAddress?: `0x${string}`;
  /** Bits per second; absent on streams created before owners signed. */
  maxBitrate?: number;
  createdAt: number;
  lastSequence: number | null;
  /** When the origin last published manifest entries (ms), or null. */
  lastManifestAt: number | null;
}

/** A stored manifest entry: the signed entry plus when the coordinator accepted it. */
export interface StoredManifestEntry extends SignedManifestEntry {
  at: number;
}

export type AppendResult =
  | { ok: true; added: number }
  | { ok: false; reason: "conflict"; sequence: number }
  | {
      ok: false;
      reason: "rate";
      bytes: number;
      allowedBytes: number;
      ms: number;
      allowedMs: number;
    }
  | { ok: false; reason: "missing" };

export function hashStreamKey(streamKey: string): string {
  return createHash("sha256").update(streamKey).digest("hex");
}

export function streamInfoOf(record: StreamRecord, now: number, liveMs: number): StreamInfo {
  return {
    streamId: record.streamId,
    name: record.name,
    originAddress: record.originAddress,
    ...(record.ownerAddress ? { ownerAddress: record.ownerAddress } : {}),
    ...(record.maxBitrate === undefined ? {} : { maxBitrate: record.maxBitrate }),
    createdAt: record.createdAt,
    live: record.lastManifestAt !== null && now - record.lastManifestAt <= liveMs,
    lastSequence: record.lastSequence,
  };
}

function parseRecord(hash: Record<string, string>): StreamRecord | undefined {
  if (!hash.streamId || !hash.originAddress) return undefined; // absent, or being created
  return {
    streamId: hash.streamId as `0x${string}`,
    name: hash.name ?? "",
    originAddress: hash.originAddress as `0x${string}`,
    ...(hash.ownerAddress ? { ownerAddress: hash.ownerAddress as `0x${string}` } : {}),
    ...(hash.maxBitrate === undefined ? {} : { maxBitrate: Number(hash.maxBitrate) }),
    createdAt: Number(hash.createdAt),
    lastSequence: hash.lastSequence === undefined ? null : Number(hash.lastSequence),
    lastManifestAt: hash.lastManifestAt === undefined ? null : Number(hash.lastManifestAt),
  };
}

/**
 * KEYS: manifest hash, manifest index, stream hash, produced snapshots. ARGV: max entries,
 * accepted-at, default max bitrate (bit/s), slack (ms), produced bucket (ms), produced
 * retention (ms), then (sequence, json, hash, size, durationMs) tuples. New bytes also set the
 * stream's published total at the end of the current bucket (produced snapshots, for the
 * epoch bound); snapshots older than the retention go.
 * All-or-nothing: a sequence already stored with another hash refuses the whole batch, and
 * so do new entries that would put the stream ahead of the coordinator's clock: published
 * bytes above maxBitrate x (now - first arrival + slack), or published media time above
 * (now - first arrival + slack). Identical re-posts are idempotent and count nothing.
 */
const APPEND_MANIFEST = redisScript(`
if redis.call('EXISTS', KEYS[3]) == 0 then return {'missing'} end
local W = 5
local n = (#ARGV - 6) / W
local newBytes = 0
local newMs = 0
for i = 0, n - 1 do
  local existing = redis.call('HGET', KEYS[1], ARGV[7 + i * W])
  if existing then
    if cjson.decode(existing).hash ~= ARGV[9 + i * W] then return {'conflict', ARGV[7 + i * W]} end
  else
    newBytes = newBytes + tonumber(ARGV[10 + i * W])
    newMs = newMs + tonumber(ARGV[11 + i * W])
  end
end
local now = tonumber(ARGV[2])
local first = tonumber(redis.call('HGET', KEYS[3], 'firstEntryAt') or now)
local bitrate = tonumber(redis.call('HGET', KEYS[3], 'maxBitrate') or ARGV[3])
local window = now - first + tonumber(ARGV[4])
local bytes = tonumber(redis.call('HGET', KEYS[3], 'publishedBytes') or '0') + newBytes
local ms = tonumber(redis.call('HGET', KEYS[3], 'publishedMs') or '0') + newMs
local allowedBytes = math.floor(bitrate * window / 8000)
if bytes > allowedBytes or ms > window then
  return {'rate', tostring(bytes), tostring(allowedBytes), tostring(ms), tostring(window)}
end
if newBytes > 0 or newMs > 0 then
  redis.call('HSET', KEYS[3], 'publishedBytes', tostring(bytes), 'publishedMs', tostring(ms))
  redis.call('HSETNX', KEYS[3], 'firstEntryAt', ARGV[2])
end
if newBytes > 0 then
  local bucket = now - (now % tonumber(ARGV[5]))
  redis.call('ZREMRANGEBYSCORE', KEYS[4], bucket, bucket)
  redis.call('ZADD', KEYS[4], bucket, bucket .. ':' .. tostring(bytes))
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. (now - tonumber(ARGV[6])))
end
local added = 0
local top = -1
for i = 0, n - 1 do
  local seq = ARGV[7 + i * W]
  if redis.call('HSETNX', KEYS[1], seq, ARGV[8 + i * W]) == 1 then
    redis.call('ZADD', KEYS[2], seq, seq)
    added = added + 1
  end
  if tonumber(seq) > top then top = tonumber(seq) end
end
local last = redis.call('HGET', KEYS[3], 'lastSequence')
if not last or top > tonumber(last) then redis.call('HSET', KEYS[3], 'lastSequence', top) end
redis.call('HSET', KEYS[3], 'lastManifestAt', ARGV[2])
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[1])
if excess > 0 then
  local old = redis.call('ZRANGE', KEYS[2], 0, excess - 1)
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, excess - 1)
  for _, seq in ipairs(old) do redis.call('HDEL', KEYS[1], seq) end
end
return {'ok', added}
`);

export class StreamStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;

  constructor(redis: RedisClient, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  /**
   * Creates a stream under its owner-bound id with a fresh stream key (only the key's hash is
   * stored); undefined when a stream with this id exists.
   */
  async create(
    input: {
      streamId: `0x${string}`;
      name: string;
      originAddress: `0x${string}`;
      ownerAddress: `0x${string}`;
      maxBitrate: number;
    },
    now: number,
  ): Promise<{ record: StreamRecord; streamKey: string } | undefined> {
    const { streamId } = input;
    const streamKey = `sk_${randomBytes(32).toString("base64url")}`;
    const record: StreamRecord = {
      streamId,
      name: input.name,
      originAddress: input.originAddress,
      ownerAddress: input.ownerAddress,
      maxBitrate: input.maxBitrate,
      createdAt: now,
      lastSequence: null,
      lastManifestAt: null,
    };
    const keyHash = hashStreamKey(streamKey);
    const created = await this.#redis.hsetnx(this.#keys.stream(streamId), "streamId", streamId);
    if (created === 0) return undefined;
    // The record first, then the key lookup and the listing (other hash slots): a stream is
    // listed only once its record is whole.
    await this.#redis.hset(this.#keys.stream(streamId), {
      name: record.name,
      originAddress: record.originAddress,
      ownerAddress: input.ownerAddress,
      maxBitrate: String(input.maxBitrate),
      createdAt: String(now),
      keyHash,
    });
    await this.#redis.set(this.#keys.streamKey(keyHash), streamId);
    await this.#redis.zadd(this.#keys.streams(), now, streamId);
    return { record, streamKey };
  }

  async get(streamId: string): Promise<StreamRecord | undefined> {
    return parseRecord(await this.#redis.hgetall(this.#keys.stream(streamId)));
  }

  /**
   * One page, newest first: at most `limit` streams created before the `cursor`
   * ("createdAt:streamId" of the previous page's last stream), and the next page's cursor.
   */
  async list(
    limit: number,
    cursor?: string,
  ): Promise<{ streams: StreamRecord[]; nextCursor: string | null }> {
    const key = this.#keys.streams();
    let ids: string[];
    if (cursor === undefined) {
      ids = await this.#redis.zrevrange(key, 0, limit);
    } else {
      const [score = "0", member = ""] = cursor.split(":");
      const ties = await this.#redis.zcount(key, score, score);
      const flat = await this.#redis.zrevrangebyscore(
        key,
        score,
        "-inf",
        "WITHSCORES",
        "LIMIT",
        0,
        limit + 1 + ties,
      );
      ids = [];
      for (let i = 0; i < flat.length; i += 2) {
        const id = flat[i]!;
        if (flat[i + 1] === score && (member === "" || id >= member)) continue;
        ids.push(id);
      }
    }
    const page = ids.slice(0, limit);
    const results = await Promise.all(page.map((id) => this.#redis.hgetall(this.#keys.stream(id))));
    const streams = results.flatMap((hash) => parseRecord(hash) ?? []);
    const last = streams.at(-1);
    return {
      streams,
      nextCursor: ids.length > limit && last ? `${last.createdAt}:${last.streamId}` : null,
    };
  }

  async findByKey(streamKey: string): Promise<StreamRecord | undefined> {
    const streamId = await this.#redis.get(this.#keys.streamKey(hashStreamKey(streamKey)));
    return streamId ? this.get(streamId) : undefined;
  }

  async appendManifest(
    streamId: string,
    entries: readonly SignedManifestEntry[],
    at: number,
    limits: {
      maxEntries: number;
      defaultMaxBitrate: number;
      slackMs: number;
      /** Produced snapshot granularity and lifetime (producedSnapshotsOf(config)). */
      produced: { bucketMs: number; retentionMs: number };
    },
  ): Promise<AppendResult> {
    const args: (string | number)[] = [
      limits.maxEntries,
      at,
      limits.defaultMaxBitrate,
      limits.slackMs,
      limits.produced.bucketMs,
      limits.produced.retentionMs,
    ];
    for (const e of entries) {
      const stored: StoredManifestEntry = { ...e, at };
      args.push(e.sequence, JSON.stringify(stored), e.hash, e.size, e.durationMs);
    }
    const keys = [
      this.#keys.manifest(streamId),
      this.#keys.manifestIndex(streamId),
      this.#keys.stream(streamId),
      this.#keys.streamProduced(streamId),
    ];
    const result = (await APPEND_MANIFEST(this.#redis, keys, args)) as [string, (string | number)?];
    if (result[0] === "ok") return { ok: true, added: Number(result[1]) };
    if (result[0] === "conflict")
      return { ok: false, reason: "conflict", sequence: Number(result[1]) };
    if (result[0] === "rate") {
      const [, bytes, allowedBytes, ms, allowedMs] = result as unknown as string[];
      return {
        ok: false,
        reason: "rate",
        bytes: Number(bytes),
        allowedBytes: Number(allowedBytes),
        ms: Number(ms),
        allowedMs: Number(allowedMs),
      };
    }
    return { ok: false, reason: "missing" };
  }

  /**
   * Bytes of the new manifest entries each stream had accepted in [from, to) (ms), rounded
   * outwards to whole snapshot buckets of `bucketMs` (never less than the exact sum while the
   * snapshots are retained). One pipelined read, two lookups per stream.
   */
  async producedBetween(
    streamIds: readonly string[],
    from: number,
    to: number,
    bucketMs: number,
  ): Promise<Map<string, bigint>> {
    const replies = await Promise.all(
      streamIds.flatMap((streamId) => {
        const key = this.#keys.streamProduced(streamId);
        return [
          this.#redis.zrevrangebyscore(key, to, "-inf", "LIMIT", 0, 1),
          this.#redis.zrevrangebyscore(key, from - bucketMs, "-inf", "LIMIT", 0, 1),
        ];
      }),
    );
    const cumulative = (reply: string[] | undefined): bigint => {
      const member = reply?.[0];
      return member === undefined ? 0n : BigInt(member.slice(member.indexOf(":") + 1));
    };
    const out = new Map<string, bigint>();
    streamIds.forEach((streamId, i) => {
      const produced = cumulative(replies[2 * i]) - cumulative(replies[2 * i + 1]);
      out.set(streamId, produced > 0n ? produced : 0n);
    });
    return out;
  }

  /** Entries with sequence >= from, ascending, at most `limit`. */
  async manifest(streamId: string, from: number, limit: number): Promise<StoredManifestEntry[]> {
    const sequences = await this.#redis.zrangebyscore(
      this.#keys.manifestIndex(streamId),
      from,
      "+inf",
      "LIMIT",
      0,
      limit,
    );
    if (sequences.length === 0) return [];
    const values = await this.#redis.hmget(this.#keys.manifest(streamId), ...sequences);
    return values.flatMap((v) => (v ? [JSON.parse(v) as StoredManifestEntry] : []));
  }
}
