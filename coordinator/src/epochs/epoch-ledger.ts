/**
 * The durable epoch ledger in Redis: which epochs are closed, what each closed epoch paid,
 * the cumulative (pool, relay) entries that attestations carry, and each relay's earnings
 * per epoch. An epoch's results are written by one Lua script that also marks the epoch
 * closed, and only by the holder of the current fencing token, so a close either happened
 * completely, exactly once, or not at all.
 */
import type { RedisClient } from "../store/redis-client.ts";
import { epochAt, type EpochSchedule } from "../core/epoch-window.ts";
import { ALL_LEDGER_SHARDS, ledgerShard, type Keys } from "../store/keys.ts";
import { NO_REPLICAS, redisScript, type Durability } from "../store/redis-script.ts";

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

/** Runs `command` over a flat argument list in slices, so one call never gets too many arguments. */
const BATCHED = `
local function batched(command, key, flat)
  local n = #flat
  for i = 1, n, 1000 do
    redis.call(command, key, unpack(flat, i, math.min(i + 999, n)))
  end
end
`;

/**
 * KEYS ({epochs}): lock, closed-through, the epoch's plan. ARGV: fencing token, epoch, plan
 * JSON. Saves what the close decided while `token` holds the lock, unless a plan for the epoch
 * is already saved (an earlier closer's, which then wins: 'exists'); nothing is committed
 * before this, so every shard and pool commits the same plan.
 */
const SAVE_PLAN_LUA = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 'fenced' end
local closed = redis.call('GET', KEYS[2])
if closed and tonumber(closed) >= tonumber(ARGV[2]) then return 'closed' end
if redis.call('SET', KEYS[3], ARGV[3], 'NX') then return 'ok' end
return 'exists'
`;
const SAVE_PLAN = redisScript(SAVE_PLAN_LUA);

/**
 * KEYS (one ledger shard): the shard's closed-through, ledger, earnings leaderboard, the
 * epoch's bytes leaderboard, the epoch's earnings leaderboard, the bytes leaderboard, the
 * epoch's credits, session credits and session order, then one relay-earnings hash per
 * earnings row, one relay-pools set per earnings row, then one relay epoch report per
 * withholding. ARGV: epoch, ledger JSON [field, value, ...], earnings JSON [[relay, [field,
 * value, ...], earned]], withheld JSON [[relay, streamId, bytes, code, sessions, message]]
 * (each moves its bytes in the relay's epoch report from verified to rejected under `code`,
 * and off both bytes leaderboards; a relay left with nothing leaves the epoch's), the epoch
 * leaderboards' TTL (seconds), the retention (seconds), the oldest epoch whose earnings rows
 * are kept. Retention: the epoch's credits and each earning relay's history expire after the
 * retention, and its rows of epochs before the oldest kept go; the relay's pool list (which
 * finds its ledger entries) only grows. Runs once per (shard, epoch): the shard's closed-through mark makes a replay a
 * no-op. Writes are batched (HSET/ZADD with many pairs) so 100,000 pairs cost a few thousand
 * calls.
 */
const COMMIT_SHARD_LUA = `${BATCHED}
local done = redis.call('GET', KEYS[1])
if done and tonumber(done) >= tonumber(ARGV[1]) then return 'done' end
batched('HSET', KEYS[2], cjson.decode(ARGV[2]))
local earnings = cjson.decode(ARGV[3])
local oldest = tonumber(ARGV[7])
for i, r in ipairs(earnings) do
  local history = KEYS[9 + i]
  batched('HSET', history, r[2])
  for _, field in ipairs(redis.call('HKEYS', history)) do
    local epoch = tonumber(string.match(field, '^(%d+):'))
    if epoch and epoch < oldest then redis.call('HDEL', history, field) end
  end
  redis.call('EXPIRE', history, ARGV[6])
  for j = 1, #r[2], 2 do
    redis.call('SADD', KEYS[9 + #earnings + i], string.match(r[2][j], ':(%d+)$'))
  end
  if r[3] ~= '0' then
    redis.call('ZINCRBY', KEYS[3], r[3], r[1])
    redis.call('ZINCRBY', KEYS[5], r[3], r[1])
  end
end
for k = 7, 9 do redis.call('EXPIRE', KEYS[k], ARGV[6]) end
local base = 9 + 2 * #earnings
for i, w in ipairs(cjson.decode(ARGV[4])) do
  local report = KEYS[base + i]
  redis.call('HINCRBY', report, 'verifiedBytes', '-' .. w[3])
  redis.call('HINCRBY', report, 'stream:' .. w[2], '-' .. w[3])
  redis.call('HINCRBY', report, 'rejectedBytes', w[3])
  redis.call('HINCRBY', report, 'reason:' .. w[4] .. ':bytes', w[3])
  redis.call('HINCRBY', report, 'reason:' .. w[4] .. ':receipts', w[5])
  redis.call('HSET', report, 'reason:' .. w[4] .. ':message', w[6])
  redis.call('ZINCRBY', KEYS[6], '-' .. w[3], w[1])
  redis.call('ZINCRBY', KEYS[4], '-' .. w[3], w[1])
end
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', 0)
redis.call('EXPIRE', KEYS[4], ARGV[5])
redis.call('EXPIRE', KEYS[5], ARGV[5])
redis.call('SET', KEYS[1], ARGV[1])
return 'ok'
`;
const COMMIT_SHARD = redisScript(COMMIT_SHARD_LUA);

/**
 * KEYS (one pool): pool hash, pool supporters. ARGV: epoch, members JSON [score, relay, ...]
 * (cumulative amounts), attestedTotal. Runs once per (pool, epoch): `attestedEpoch` makes a
 * replay, or a late closer of an older epoch, a no-op.
 */
const COMMIT_POOL = redisScript(`${BATCHED}
local at = redis.call('HGET', KEYS[1], 'attestedEpoch')
if at and tonumber(at) >= tonumber(ARGV[1]) then return 'done' end
local members = cjson.decode(ARGV[2])
if #members > 0 then batched('ZADD', KEYS[2], members) end
redis.call('HSET', KEYS[1], 'attestedTotal', ARGV[3], 'attestedEpoch', ARGV[1])
return 'ok'
`);

/**
 * KEYS ({epochs}): closed-through, the epoch's result, the epoch's plan. ARGV: epoch, result
 * JSON, the result's retention (seconds). The last step of a close, after every shard and pool committed the plan: marks the
 * epoch closed (only forward) and drops the plan.
 */
const FINISH = redisScript(`
local closed = redis.call('GET', KEYS[1])
if closed and tonumber(closed) >= tonumber(ARGV[1]) then return 'closed' end
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
redis.call('SET', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[3])
return 'ok'
`);

/**
 * KEYS: one shard's closing-through. ARGV: epoch. Moves the mark forward only; needs no fence
 * (marking an epoch that has ended as closing is always safe).
 */
const MARK_SHARD_CLOSING = redisScript(`
local closing = redis.call('GET', KEYS[1])
if not closing or tonumber(closing) < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end
return 'ok'
`);

/** What one close commits, saved whole before any of it is written (see SAVE_PLAN_LUA). */
interface ClosePlan {
  /** By ledger shard: ledger fields, earnings rows, withholdings. */
  shards: Record<
    string,
    { ledger: string[]; earnings: [string, string[], string][]; withheld: unknown[][] }
  >;
  /** [poolId, members [score, relay, ...], attestedTotal]. */
  pools: [string, string[], string][];
  result: unknown;
}

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

export interface EpochLedgerOptions {
  /** How long a closed epoch's bytes and earnings rankings are kept (default 8 days). */
  leaderboardTtlSeconds?: number;
  /**
   * How long an epoch's credits, result and per-epoch earnings rows are kept after its close
   * (default 30 days); ledger entries and each relay's pool list are kept for good.
   */
  retentionSeconds?: number;
  /** Replicas each close step waits for (default none). */
  durability?: Durability;
}

export class EpochLedger {
  readonly #redis: RedisClient;
  readonly #keys: Keys;
  readonly #leaderboardTtlSeconds: number;
  readonly #retentionSeconds: number;
  readonly #durability: Durability;
  readonly schedule: EpochSchedule;

  /** `leaderboardTtlSeconds`: how long a closed epoch's bytes and earnings rankings are kept. */
  constructor(
    redis: RedisClient,
    keys: Keys,
    schedule: EpochSchedule,
    options: EpochLedgerOptions = {},
  ) {
    this.#redis = redis;
    this.#keys = keys;
    this.schedule = schedule;
    this.#leaderboardTtlSeconds = options.leaderboardTtlSeconds ?? 8 * 86400;
    this.#retentionSeconds = options.retentionSeconds ?? 30 * 86400;
    this.#durability = options.durability ?? NO_REPLICAS;
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

  /** Every ledger shard's HGETALL of `key(shard)`, as flat [field, value, ...] lists. */
  async #allShards(key: (shard: number) => string): Promise<string[][]> {
    return Promise.all(
      ALL_LEDGER_SHARDS.map((n) => this.#redis.call("HGETALL", key(n)) as Promise<string[]>),
    );
  }

  /** Verified bytes credited in the epoch, by (stream, relay). */
  async credits(epoch: number): Promise<{ streamId: string; relay: string; bytes: bigint }[]> {
    const out: { streamId: string; relay: string; bytes: bigint }[] = [];
    for (const flat of await this.#allShards((n) => this.#keys.epochCredits(epoch, n)))
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
    const out: { streamId: string; sessionId: string; relay: string; bytes: bigint }[] = [];
    for (const flat of await this.#allShards((n) => this.#keys.epochSessionCredits(epoch, n)))
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const [streamId, sessionId, relay] = flat[i]!.split("|") as [string, string, string];
        out.push({ streamId, sessionId, relay, bytes: BigInt(flat[i + 1]!) });
      }
    return out;
  }

  /** When each "streamId|sessionId" was first credited in the epoch (ms), over every shard. */
  async sessionOrder(epoch: number): Promise<Map<string, number>> {
    const shards = await Promise.all(
      ALL_LEDGER_SHARDS.map((n) =>
        this.#redis.zrange(this.#keys.epochSessionOrder(epoch, n), 0, -1, "WITHSCORES"),
      ),
    );
    const out = new Map<string, number>();
    for (const flat of shards)
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const at = Number(flat[i + 1]);
        const seen = out.get(flat[i]!);
        if (seen === undefined || at < seen) out.set(flat[i]!, at);
      }
    return out;
  }

  /** Ledger entries by "poolId:relay" field (each read from the relay's shard). */
  async entries(
    fields: readonly string[],
  ): Promise<Map<string, { bytes: bigint; amount: bigint }>> {
    const byShard = new Map<number, string[]>();
    for (const field of fields) {
      const n = ledgerShard(field.slice(field.indexOf(":") + 1));
      let list = byShard.get(n);
      if (!list) byShard.set(n, (list = []));
      list.push(field);
    }
    const parts: [number, string[]][] = [];
    const chunk = 10_000;
    for (const [n, list] of byShard)
      for (let i = 0; i < list.length; i += chunk) parts.push([n, list.slice(i, i + chunk)]);
    const replies = await Promise.all(
      parts.map(([n, part]) => this.#redis.hmget(this.#keys.ledger(n), ...part)),
    );
    const out = new Map<string, { bytes: bigint; amount: bigint }>();
    replies.forEach((values, k) =>
      values.forEach((v, j) => {
        if (v !== null) out.set(parts[k]![1][j]!, parseEntry(v));
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
   * Fences receipts out of `epoch` before its credits are read (see MARK_CLOSING), then marks
   * every ledger shard, where receipt apply checks it; false when `token` no longer holds the
   * lock.
   */
  async markClosing(token: string, epoch: number): Promise<boolean> {
    const k = this.#keys;
    if (
      (await MARK_CLOSING(
        this.#redis,
        [k.closeLock(), k.closingThrough()],
        [token, epoch],
        this.#durability,
      )) !== "ok"
    )
      return false;
    await Promise.all(
      ALL_LEDGER_SHARDS.map((n) =>
        MARK_SHARD_CLOSING(this.#redis, [k.shardClosingThrough(n)], [epoch], this.#durability),
      ),
    );
    return true;
  }

  /**
   * Writes an epoch's results and marks it closed, if `token` still holds the lock. The close
   * spans ledger shards and pools (hash slots on a cluster), so it runs in steps that are each
   * atomic and each exactly once: the plan is saved fenced (or an earlier closer's saved plan
   * is taken instead), every shard and every pool commits its part once, and the epoch is then
   * marked closed. A closer that dies between steps leaves the plan, which the next one
   * finishes.
   */
  async commit(
    token: string,
    epoch: number,
    rows: readonly CloseRow[],
    attestedTotals: ReadonlyMap<bigint, bigint>,
    result: unknown,
    withheld: readonly CloseWithholding[] = [],
  ): Promise<"ok" | "fenced" | "closed"> {
    const k = this.#keys;
    const mine = JSON.stringify(planOf(epoch, rows, attestedTotals, result, withheld));
    // Loaded first: a NOSCRIPT retry would send the (megabytes of) plan twice.
    await this.#redis.script("LOAD", SAVE_PLAN_LUA);
    const saved = (await SAVE_PLAN(
      this.#redis,
      [k.closeLock(), k.closedThrough(), k.closePlan(epoch)],
      [token, epoch, mine],
      this.#durability,
    )) as "ok" | "fenced" | "closed" | "exists";
    if (saved === "fenced" || saved === "closed") return saved;
    const json = saved === "ok" ? mine : await this.#redis.get(k.closePlan(epoch));
    if (json === null) return "closed";
    const plan = JSON.parse(json) as ClosePlan;
    await this.#commitPlan(epoch, plan);
    return (await FINISH(
      this.#redis,
      [k.closedThrough(), k.epochResult(epoch), k.closePlan(epoch)],
      [epoch, JSON.stringify(plan.result), this.#retentionSeconds],
      this.#durability,
    )) as "ok" | "closed";
  }

  async #commitPlan(epoch: number, plan: ClosePlan): Promise<void> {
    const k = this.#keys;
    await this.#redis.script("LOAD", COMMIT_SHARD_LUA);
    await Promise.all(
      ALL_LEDGER_SHARDS.map((n) => {
        const part = plan.shards[n] ?? { ledger: [], earnings: [], withheld: [] };
        return COMMIT_SHARD(
          this.#redis,
          [
            k.shardClosedThrough(n),
            k.ledger(n),
            k.leaderboardEarnings(n),
            k.epochLeaderboardBytes(epoch, n),
            k.epochLeaderboardEarnings(epoch, n),
            k.leaderboardBytes(n),
            k.epochCredits(epoch, n),
            k.epochSessionCredits(epoch, n),
            k.epochSessionOrder(epoch, n),
            ...part.earnings.map(([relay]) => k.relayEarnings(relay)),
            ...part.earnings.map(([relay]) => k.relayPools(relay)),
            ...part.withheld.map((w) => k.relayReport(epoch, String(w[0]))),
          ],
          [
            epoch,
            JSON.stringify(part.ledger),
            JSON.stringify(part.earnings),
            JSON.stringify(part.withheld),
            this.#leaderboardTtlSeconds,
            this.#retentionSeconds,
            epoch - Math.ceil((this.#retentionSeconds * 1000) / this.schedule.lengthMs),
          ],
          this.#durability,
        );
      }),
    );
    await Promise.all(
      plan.pools.map(([pool, members, total]) =>
        COMMIT_POOL(
          this.#redis,
          [k.pool(pool), k.poolRelays(pool)],
          [epoch, JSON.stringify(members), total],
          this.#durability,
        ),
      ),
    );
  }

  async result(epoch: number): Promise<unknown> {
    const json = await this.#redis.get(this.#keys.epochResult(epoch));
    return json === null ? undefined : (JSON.parse(json) as unknown);
  }

  /** A relay's ledger entries (one per pool it earned from), pool ascending. */
  async relayEntries(relay: string): Promise<LedgerRow[]> {
    const pools = (await this.#redis.smembers(this.#keys.relayPools(relay))).sort((a, b) =>
      BigInt(a) < BigInt(b) ? -1 : 1,
    );
    if (pools.length === 0) return [];
    const values = await this.#redis.hmget(
      this.#keys.ledger(ledgerShard(relay)),
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

  /** What the relay earned, per epoch and pool, newest epoch first (epochs within the retention). */
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

/** Groups a close's rows and withholdings by ledger shard, and its pool totals, as one plan. */
function planOf(
  epoch: number,
  rows: readonly CloseRow[],
  attestedTotals: ReadonlyMap<bigint, bigint>,
  result: unknown,
  withheld: readonly CloseWithholding[],
): ClosePlan {
  const shards: ClosePlan["shards"] = {};
  const shardOf = (relay: string) =>
    (shards[ledgerShard(relay)] ??= { ledger: [], earnings: [], withheld: [] });
  const byPool = new Map<string, string[]>();
  const byRelay = new Map<string, { fields: string[]; earned: bigint }>();
  for (const r of rows) {
    const pool = r.poolId.toString();
    shardOf(r.relay).ledger.push(
      `${pool}:${r.relay}`,
      `${r.cumulativeBytes}:${r.cumulativeAmount}:${epoch}`,
    );
    let members = byPool.get(pool);
    if (!members) byPool.set(pool, (members = []));
    members.push(r.cumulativeAmount.toString(), r.relay);
    let relay = byRelay.get(r.relay);
    if (!relay) byRelay.set(r.relay, (relay = { fields: [], earned: 0n }));
    relay.fields.push(`${epoch}:${pool}`, `${r.bytes}:${r.amount}`);
    relay.earned += r.amount;
  }
  for (const [relay, v] of byRelay)
    shardOf(relay).earnings.push([relay, v.fields, v.earned.toString()]);
  for (const w of withheld)
    shardOf(w.relay).withheld.push([
      w.relay,
      w.streamId,
      w.bytes.toString(),
      w.code,
      w.sessions,
      w.message,
    ]);
  const pools: ClosePlan["pools"] = [...attestedTotals].map(([id, total]) => [
    id.toString(),
    byPool.get(id.toString()) ?? [],
    total.toString(),
  ]);
  return { shards, pools, result };
}
