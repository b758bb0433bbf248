/** Streams, their stream keys and their origin-signed manifests, in Redis. */
import { createHash, randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { SignedManifestEntry, StreamInfo } from "@streamrp2p/protocol";
import type { Keys } from "./keys.ts";
import { redisScript } from "./redis-script.ts";

export interface StreamRecord {
  streamId: `0x${string}`;
  name: string;
  originAddress: `0x${string}`;
  ownerAddress?: `0x${string}`;
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
    createdAt: record.createdAt,
    live: record.lastManifestAt !== null && now - record.lastManifestAt <= liveMs,
    lastSequence: record.lastSequence,
  };
}

function parseRecord(hash: Record<string, string>): StreamRecord | undefined {
  if (!hash.streamId) return undefined;
  return {
    streamId: hash.streamId as `0x${string}`,
    name: hash.name ?? "",
    originAddress: hash.originAddress as `0x${string}`,
    ...(hash.ownerAddress ? { ownerAddress: hash.ownerAddress as `0x${string}` } : {}),
    createdAt: Number(hash.createdAt),
    lastSequence: hash.lastSequence === undefined ? null : Number(hash.lastSequence),
    lastManifestAt: hash.lastManifestAt === undefined ? null : Number(hash.lastManifestAt),
  };
}

/**
 * KEYS: manifest hash, manifest index, stream hash. ARGV: max entries, accepted-at, then
 * (sequence, json, hash) triples. All-or-nothing: a sequence already stored with another
 * hash refuses the whole batch; identical re-posts are idempotent.
 */
const APPEND_MANIFEST = redisScript(`
if redis.call('EXISTS', KEYS[3]) == 0 then return {'missing'} end
local n = (#ARGV - 2) / 3
for i = 0, n - 1 do
  local existing = redis.call('HGET', KEYS[1], ARGV[3 + i * 3])
  if existing and cjson.decode(existing).hash ~= ARGV[5 + i * 3] then return {'conflict', ARGV[3 + i * 3]} end
end
local added = 0
local top = -1
for i = 0, n - 1 do
  local seq = ARGV[3 + i * 3]
  if redis.call('HSETNX', KEYS[1], seq, ARGV[4 + i * 3]) == 1 then
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
  readonly #redis: Redis;
  readonly #keys: Keys;

  constructor(redis: Redis, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  /** Creates a stream with a fresh id and stream key; only the key's hash is stored. */
  async create(
    input: { name: string; originAddress: `0x${string}`; ownerAddress?: `0x${string}` | undefined },
    now: number,
  ): Promise<{ record: StreamRecord; streamKey: string }> {
    const streamId = `0x${randomBytes(32).toString("hex")}` as const;
    const streamKey = `sk_${randomBytes(32).toString("base64url")}`;
    const record: StreamRecord = {
      streamId,
      name: input.name,
      originAddress: input.originAddress,
      ...(input.ownerAddress ? { ownerAddress: input.ownerAddress } : {}),
      createdAt: now,
      lastSequence: null,
      lastManifestAt: null,
    };
    const fields: Record<string, string> = {
      streamId,
      name: record.name,
      originAddress: record.originAddress,
      createdAt: String(now),
      keyHash: hashStreamKey(streamKey),
    };
    if (record.ownerAddress) fields.ownerAddress = record.ownerAddress;
    await this.#redis
      .multi()
      .hset(this.#keys.stream(streamId), fields)
      .set(this.#keys.streamKey(fields.keyHash!), streamId)
      .zadd(this.#keys.streams(), now, streamId)
      .exec();
    return { record, streamKey };
  }

  async get(streamId: string): Promise<StreamRecord | undefined> {
    return parseRecord(await this.#redis.hgetall(this.#keys.stream(streamId)));
  }

  /** Newest first. */
  async list(limit = 1000): Promise<StreamRecord[]> {
    const ids = await this.#redis.zrevrange(this.#keys.streams(), 0, limit - 1);
    const pipeline = this.#redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.#keys.stream(id));
    const results = (await pipeline.exec()) ?? [];
    return results.flatMap(([, hash]) => parseRecord(hash as Record<string, string>) ?? []);
  }

  async findByKey(streamKey: string): Promise<StreamRecord | undefined> {
    const streamId = await this.#redis.get(this.#keys.streamKey(hashStreamKey(streamKey)));
    return streamId ? this.get(streamId) : undefined;
  }

  async appendManifest(
    streamId: string,
    entries: readonly SignedManifestEntry[],
    at: number,
    maxEntries: number,
  ): Promise<AppendResult> {
    const args: (string | number)[] = [maxEntries, at];
    for (const e of entries) {
      const stored: StoredManifestEntry = { ...e, at };
      args.push(e.sequence, JSON.stringify(stored), e.hash);
    }
    const keys = [
      this.#keys.manifest(streamId),
      this.#keys.manifestIndex(streamId),
      this.#keys.stream(streamId),
    ];
    const result = (await APPEND_MANIFEST(this.#redis, keys, args)) as [string, (string | number)?];
    if (result[0] === "ok") return { ok: true, added: Number(result[1]) };
    if (result[0] === "conflict")
      return { ok: false, reason: "conflict", sequence: Number(result[1]) };
    return { ok: false, reason: "missing" };
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
