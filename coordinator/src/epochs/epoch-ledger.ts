/**
 * The durable epoch ledger in Redis: which epochs are closed, what each closed epoch paid,
 * the cumulative (pool, relay) entries that attestations carry, and each relay's earnings
 * per epoch. An epoch's results are written by one Lua script that also marks the epoch
 * closed, and only by the holder of the current fencing token, so a close either happened
 * completely, exactly once, or not at all.
 */
import type { Redis } from "ioredis";
import { epochAt, type EpochSchedule } from "../core/epoch-window.ts";
import type { Keys } from "../store/keys.ts";
import { redisScript } from "../store/redis-script.ts";

export interface LedgerRow {
  poolId: bigint;
  relay: `0x${string}`;
  cumulativeBytes: bigint;
  cumulativeAmount: bigint;
  /** The last epoch that moved this entry. */
  epoch: number;
}

export interface EarningRow {
  epoch: number;
  poolId: bigint;
  bytes: bigint;
  amount: bigint;
}

/**
 * Credited bytes of one (stream, relay key) that an epoch close withholds, and why (a failed
 * spot check, the stream bound, a pool's viewer cap): they move in the relay's epoch report from
 * verified to rejected under the reason, and off the bytes leaderboards (all time and the
 * epoch's).
 */
export interface CloseWithholding {
  relay: string;
  streamId: string;
  code: string;
  bytes: bigint;
  /** Sessions cut (the report's `receipts` count for the reason); 0 for a whole relay key. */
  sessions: number;
  message: string;
}

export interface CloseRow {
  poolId: bigint;
  relay: string;
  cumulativeBytes: bigint;
  cumulativeAmount: bigint;
  bytes: bigint;
  amount: bigint;
}

/**
 * KEYS: lock, closed-through, ledger, epoch result, earnings leaderboard, the epoch's bytes
 * leaderboard, the epoch's earnings leaderboard. ARGV: fencing token, epoch, key prefix, ledger
 * JSON [field, value, ...], pools JSON [[pool, [score, relay, ...], attestedTotal]], relays
 * JSON [[relay, [field, value, ...], earned]], result JSON, withheld JSON [[relay, streamId,
 * bytes, code, sessions, message]] (each moves its bytes in the relay's epoch report from
 * verified to rejected under `code`, and off both bytes leaderboards; a relay left with
 * nothing leaves the epoch's), the epoch leaderboards' TTL (seconds). Writes are batched
 * (HSET/ZADD with many pairs, 500 at a time) so 100,000 pairs cost a few thousand calls.
 * Per-relay and per-pool keys are derived from the prefix (single-instance Redis; on a cluster
 * they would move under one hash tag).
 */
const COMMIT_LUA = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 'fenced' end
local closed = redis.call('GET', KEYS[2])
if closed and tonumber(closed) >= tonumber(ARGV[2]) then return 'closed' end
local p = ARGV[3]
local function batched(command, key, flat)
  local n = #flat
  for i = 1, n, 1000 do
    redis.call(command, key, unpack(flat, i, math.min(i + 999, n)))
  end
end
batched('HSET', KEYS[3], cjson.decode(ARGV[4]))
for _, q in ipairs(cjson.decode(ARGV[5])) do
  if #q[2] > 0 then batched('ZADD', p .. 'pool:' .. q[1] .. ':relays', q[2]) end
  redis.call('HSET', p .. 'pool:' .. q[1], 'attestedTotal', q[3])
end
for _, r in ipairs(cjson.decode(ARGV[6])) do
  batched('HSET', p .. 'relay-earnings:' .. r[1], r[2])
  if r[3] ~= '0' then
    redis.call('ZINCRBY', KEYS[5], r[3], r[1])
    redis.call('ZINCRBY', KEYS[7], r[3], r[1])
  end
end
for _, w in ipairs(cjson.decode(ARGV[8])) do
  local report = p .. 'epoch:' .. ARGV[2] .. ':report:' .. w[1]
  redis.call('HINCRBY', report, 'verifiedBytes', '-' .. w[3])
  redis.call('HINCRBY', report, 'stream:' .. w[2], '-' .. w[3])
  redis.call('HINCRBY', report, 'rejectedBytes', w[3])
  redis.call('HINCRBY', report, 'reason:' .. w[4] .. ':bytes', w[3])
  redis.call('HINCRBY', report, 'reason:' .. w[4] .. ':receipts', w[5])
  redis.call('HSET', report, 'reason:' .. w[4] .. ':message', w[6])
  redis.call('ZINCRBY', p .. 'leaderboard:bytes', '-' .. w[3], w[1])
  redis.call('ZINCRBY', KEYS[6], '-' .. w[3], w[1])
end
redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', 0)
redis.call('EXPIRE', KEYS[6], ARGV[9])
redis.call('EXPIRE', KEYS[7], ARGV[9])
redis.call('SET', KEYS[4], ARGV[7])
redis.call('SET', KEYS[2], ARGV[2])
return 'ok'
`;
const COMMIT = redisScript(COMMIT_LUA);

/**
 * KEYS: lock, closing-through. ARGV: fencing token, epoch. Marks the epoch as closing (only
 * forward) while the caller holds the lock: from here on a receipt batch can no longer be
 * applied to it (it moves to a later epoch), so the credits the closer reads are final.
 */
const MARK_CLOSING = redisScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 'fenced' end
local closing = redis.call('GET', KEYS[2])
if not closing or tonumber(closing) < tonumber(ARGV[2]) then redis.call('SET', KEYS[2], ARGV[2]) end
return 'ok'
`);

const RELEASE = redisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

function parseEntry(value: string): { bytes: bigint; amount: bigint; epoch: number } {
  const [bytes, amount, epoch] = value.split(":");
  return { bytes: BigInt(bytes ?? "0"), amount: BigInt(amount ?? "0"), epoch: Number(epoch ?? 0) };
}

export class EpochLedger {
  readonly #redis: Redis;
  readonly #keys: Keys;
  readonly #prefix: string;
  readonly #leaderboardTtlSeconds: number;
  readonly schedule: EpochSchedule;

  /** `leaderboardTtlSeconds`: how long a closed epoch's bytes and earnings rankings are kept. */
  constructor(
    redis: Redis,
    keys: Keys,
    prefix: string,
    schedule: EpochSchedule,
    leaderboardTtlSeconds: number,
  ) {
    this.#redis = redis;
    this.#keys = keys;
    this.#prefix = prefix;
    this.schedule = schedule;
    this.#leaderboardTtlSeconds = leaderboardTtlSeconds;
  }

  /** The last closed epoch, or null before the first close. */
  async closedThrough(): Promise<number | null> {
    const v = await this.#redis.get(this.#keys.closedThrough());
    return v === null ? null : Number(v);
  }

  /** The first epoch this deployment counts (fixed on first use). */
  async firstEpoch(now: number): Promise<number> {
    await this.#redis.set(this.#keys.firstEpoch(), String(epochAt(now, this.schedule).epoch), "NX");
    return Number(await this.#redis.get(this.#keys.firstEpoch()));
  }

  /** The epoch a batch accepted at `at` counts in: its own, unless that one closed (or precedes the first). */
  async epochFor(at: number): Promise<number> {
    const own = epochAt(at, this.schedule).epoch;
    const [closedThrough, closingThrough] = await Promise.all([
      this.closedThrough(),
      this.#redis.get(this.#keys.closingThrough()),
    ]);
    const closed =
      closingThrough === null
        ? closedThrough
        : Math.max(closedThrough ?? -Infinity, Number(closingThrough));
    if (closed !== null) return closed >= own ? closed + 1 : own;
    const first = await this.#redis.get(this.#keys.firstEpoch());
    return first !== null && Number(first) > own ? Number(first) : own;
  }

  /** Verified bytes credited in the epoch, by (stream, relay). */
  async credits(epoch: number): Promise<{ streamId: string; relay: string; bytes: bigint }[]> {
    const flat = (await this.#redis.call("HGETALL", this.#keys.epochCredits(epoch))) as string[];
    const out: { streamId: string; relay: string; bytes: bigint }[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const field = flat[i]!;
      const bar = field.indexOf("|");
      out.push({
        streamId: field.slice(0, bar),
        relay: field.slice(bar + 1),
        bytes: BigInt(flat[i + 1]!),
      });
    }
    return out;
  }

  /** Verified bytes credited in the epoch per (stream, session, relay). */
  async sessionCredits(
    epoch: number,
  ): Promise<{ streamId: string; sessionId: string; relay: string; bytes: bigint }[]> {
    const flat = (await this.#redis.call(
      "HGETALL",
      this.#keys.epochSessionCredits(epoch),
    )) as string[];
    const out: { streamId: string; sessionId: string; relay: string; bytes: bigint }[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const [streamId, sessionId, relay] = flat[i]!.split("|") as [string, string, string];
      out.push({ streamId, sessionId, relay, bytes: BigInt(flat[i + 1]!) });
    }
    return out;
  }

  /** When each "streamId|sessionId" was first credited in the epoch (ms). */
  async sessionOrder(epoch: number): Promise<Map<string, number>> {
    const flat = await this.#redis.zrange(this.#keys.epochSessionOrder(epoch), 0, -1, "WITHSCORES");
    const out = new Map<string, number>();
    for (let i = 0; i + 1 < flat.length; i += 2) out.set(flat[i]!, Number(flat[i + 1]));
    return out;
  }

  async entries(
    fields: readonly string[],
  ): Promise<Map<string, { bytes: bigint; amount: bigint }>> {
    const out = new Map<string, { bytes: bigint; amount: bigint }>();
    const chunk = 10_000;
    const parts: string[][] = [];
    for (let i = 0; i < fields.length; i += chunk) parts.push(fields.slice(i, i + chunk));
    const replies = await Promise.all(
      parts.map((part) => this.#redis.hmget(this.#keys.ledger(), ...part)),
    );
    replies.forEach((values, k) =>
      values.forEach((v, j) => {
        if (v !== null) out.set(parts[k]![j]!, parseEntry(v));
      }),
    );
    return out;
  }

  /** Takes the close lock; returns the fencing token, or null when another process holds it. */
  async lock(ttlMs: number): Promise<string | null> {
    const token = String(await this.#redis.incr(this.#keys.closeFence()));
    const ok = await this.#redis.set(this.#keys.closeLock(), token, "PX", ttlMs, "NX");
    return ok === "OK" ? token : null;
  }

  async unlock(token: string): Promise<void> {
    await RELEASE(this.#redis, [this.#keys.closeLock()], [token]);
  }

  /**
   * Fences receipts out of `epoch` before its credits are read (see MARK_CLOSING); false when
   * `token` no longer holds the lock.
   */
  async markClosing(token: string, epoch: number): Promise<boolean> {
    const k = this.#keys;
    return (
      (await MARK_CLOSING(this.#redis, [k.closeLock(), k.closingThrough()], [token, epoch])) ===
      "ok"
    );
  }

  /** Writes an epoch's results and marks it closed, if `token` still holds the lock. */
  async commit(
    token: string,
    epoch: number,
    rows: readonly CloseRow[],
    attestedTotals: ReadonlyMap<bigint, bigint>,
    result: unknown,
    withheld: readonly CloseWithholding[] = [],
  ): Promise<"ok" | "fenced" | "closed"> {
    const k = this.#keys;
    const ledger: string[] = [];
    const byPool = new Map<string, string[]>();
    const byRelay = new Map<string, { fields: string[]; earned: bigint }>();
    for (const r of rows) {
      const pool = r.poolId.toString();
      ledger.push(`${pool}:${r.relay}`, `${r.cumulativeBytes}:${r.cumulativeAmount}:${epoch}`);
      let members = byPool.get(pool);
      if (!members) byPool.set(pool, (members = []));
      members.push(r.cumulativeAmount.toString(), r.relay);
      let relay = byRelay.get(r.relay);
      if (!relay) byRelay.set(r.relay, (relay = { fields: [], earned: 0n }));
      relay.fields.push(`${epoch}:${pool}`, `${r.bytes}:${r.amount}`);
      relay.earned += r.amount;
    }
    const pools = [...attestedTotals].map(([id, total]) => [
      id.toString(),
      byPool.get(id.toString()) ?? [],
      total.toString(),
    ]);
    const relays = [...byRelay].map(([relay, v]) => [relay, v.fields, v.earned.toString()]);
    // Loaded first: a NOSCRIPT retry would send the (megabytes of) arguments twice.
    await this.#redis.script("LOAD", COMMIT_LUA);
    return (await COMMIT(
      this.#redis,
      [
        k.closeLock(),
        k.closedThrough(),
        k.ledger(),
        k.epochResult(epoch),
        k.leaderboardEarnings(),
        k.epochLeaderboardBytes(epoch),
        k.epochLeaderboardEarnings(epoch),
      ],
      [
        token,
        epoch,
        this.#prefix,
        JSON.stringify(ledger),
        JSON.stringify(pools),
        JSON.stringify(relays),
        JSON.stringify(result),
        JSON.stringify(
          withheld.map((w) => [
            w.relay,
            w.streamId,
            w.bytes.toString(),
            w.code,
            w.sessions,
            w.message,
          ]),
        ),
        this.#leaderboardTtlSeconds,
      ],
    )) as "ok" | "fenced" | "closed";
  }

  async result(epoch: number): Promise<unknown> {
    const json = await this.#redis.get(this.#keys.epochResult(epoch));
    return json === null ? undefined : (JSON.parse(json) as unknown);
  }

  /** A relay's ledger entries (one per pool it earned from), pool ascending. */
  async relayEntries(relay: string): Promise<LedgerRow[]> {
    const fields = await this.#redis.hkeys(this.#keys.relayEarnings(relay));
    const pools = [...new Set(fields.map((f) => f.slice(f.indexOf(":") + 1)))].sort((a, b) =>
      BigInt(a) < BigInt(b) ? -1 : 1,
    );
    if (pools.length === 0) return [];
    const values = await this.#redis.hmget(
      this.#keys.ledger(),
      ...pools.map((p) => `${p}:${relay}`),
    );
    return pools.flatMap((p, i) => {
      const v = values[i];
      if (v === null || v === undefined) return [];
      const e = parseEntry(v);
      return [
        {
          poolId: BigInt(p),
          relay: relay as `0x${string}`,
          cumulativeBytes: e.bytes,
          cumulativeAmount: e.amount,
          epoch: e.epoch,
        },
      ];
    });
  }

  /** What the relay earned, per epoch and pool, newest epoch first. */
  async earnings(relay: string): Promise<EarningRow[]> {
    const hash = await this.#redis.hgetall(this.#keys.relayEarnings(relay));
    return Object.entries(hash)
      .map(([field, value]) => {
        const [epoch, poolId] = field.split(":") as [string, string];
        const [bytes, amount] = value.split(":") as [string, string];
        return {
          epoch: Number(epoch),
          poolId: BigInt(poolId),
          bytes: BigInt(bytes),
          amount: BigInt(amount),
        };
      })
      .sort((a, b) => b.epoch - a.epoch || Number(a.poolId - b.poolId));
  }

  /** Cached packed signatures of an attestation, by its content. */
  async cachedSignature(field: string): Promise<string | null> {
    return this.#redis.hget(this.#keys.attestationSignatures(), field);
  }

  async cacheSignature(field: string, signatures: string): Promise<void> {
    await this.#redis.hset(this.#keys.attestationSignatures(), field, signatures);
  }
}
