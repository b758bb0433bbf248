/** Viewer sessions and the per-viewer session cap, in Redis. */
import type { RedisClient } from "./redis-client.ts";
import type { SessionRecord } from "../core/records.ts";
import type { Keys } from "./keys.ts";
import { redisScript } from "./redis-script.ts";

/** The session as stored: the record the receipt checks read, plus the relays' URLs. */
export interface StoredSession extends SessionRecord {
  expiresAt: number;
  relayEndpoints: { address: `0x${string}`; url: string; tier: number }[];
  /** Set on a fallback session (no relay could take the viewer): the unpaid source it plays. */
  fallbackUrl?: string;
}

export type Reservation = { ok: true; open: number } | { ok: false; earliestExpiry: number };

/**
 * KEYS: the viewer's ZSET of sessionId by expiry. ARGV: now, cap, sessionId, expiresAt.
 * Drops expired sessions, then adds this one if fewer than `cap` are open (core/session-cap.ts
 * `capAllows`, applied atomically). Returns {1, open} or {0, earliest expiry}.
 */
const RESERVE = redisScript(`
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local open = redis.call('ZCARD', KEYS[1])
if open >= tonumber(ARGV[2]) then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, first[2]}
end
redis.call('ZADD', KEYS[1], ARGV[4], ARGV[3])
redis.call('PEXPIREAT', KEYS[1], redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2])
return {1, open + 1}
`);

export class SessionStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;

  constructor(redis: RedisClient, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  /** Takes one of the viewer's `cap` places for the session, or says when one frees up. */
  async reserve(
    viewerKey: string,
    sessionId: string,
    expiresAt: number,
    now: number,
    cap: number,
  ): Promise<Reservation> {
    const [ok, value] = (await RESERVE(
      this.#redis,
      [this.#keys.viewerSessions(viewerKey)],
      [now, cap, sessionId, expiresAt],
    )) as [number, string | number];
    return ok === 1
      ? { ok: true, open: Number(value) }
      : { ok: false, earliestExpiry: Number(value) };
  }

  /** Gives back a place `reserve` took (the session was not opened after all). */
  async release(viewerKey: string, sessionId: string): Promise<void> {
    await this.#redis.zrem(this.#keys.viewerSessions(viewerKey), sessionId);
  }

  /** Takes one of the `cap` fallback places (all viewers together), or says when one frees up. */
  async reserveFallback(
    sessionId: string,
    expiresAt: number,
    now: number,
    cap: number,
  ): Promise<Reservation> {
    const [ok, value] = (await RESERVE(
      this.#redis,
      [this.#keys.fallbackSessions()],
      [now, cap, sessionId, expiresAt],
    )) as [number, string | number];
    return ok === 1
      ? { ok: true, open: Number(value) }
      : { ok: false, earliestExpiry: Number(value) };
  }

  async save(session: StoredSession, now: number): Promise<void> {
    const key = this.#keys.streamSessions(session.streamId);
    // The record, then the stream's index (another hash slot).
    await this.#redis.set(
      this.#keys.session(session.sessionId),
      JSON.stringify(session),
      "PXAT",
      session.expiresAt,
    );
    await this.#redis
      .multi()
      .zadd(key, session.expiresAt, session.sessionId)
      .zremrangebyscore(key, "-inf", now)
      .exec();
  }

  async get(sessionId: string): Promise<StoredSession | undefined> {
    const json = await this.#redis.get(this.#keys.session(sessionId));
    return json ? (JSON.parse(json) as StoredSession) : undefined;
  }

  /** Open sessions of a stream. */
  async countForStream(streamId: string, now: number): Promise<number> {
    return this.#redis.zcount(this.#keys.streamSessions(streamId), `(${now}`, "+inf");
  }
}
