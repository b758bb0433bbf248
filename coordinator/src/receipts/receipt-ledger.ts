/**
 * Applies one evaluated receipt batch to Redis atomically, keyed by its stream entry id: the
 * pair baselines move (compare-and-set against what the evaluation read), the relay's epoch
 * report and the epoch's credits grow, the bytes leaderboards (all time and the epoch's) move,
 * and the entry is marked applied. Re-applying an applied entry is a no-op; an entry
 * evaluated against baselines that another process moved meanwhile, or for an epoch that
 * closed meanwhile, changes nothing and is evaluated again.
 */
import type { RedisClient } from "../store/redis-client.ts";
import type { ReceiptDecision } from "../core/evaluate-receipt.ts";
import type { RelayEpochReport } from "../core/relay-epoch-report.ts";
import { emptyRelayEpochReport } from "../core/relay-epoch-report.ts";
import type { RejectionCode } from "../core/rejection.ts";
import { ledgerShard, type Keys } from "../store/keys.ts";
import { NO_REPLICAS, redisScript, type Durability } from "../store/redis-script.ts";

/** How long "entry applied" markers live: far longer than any redelivery. */
const APPLIED_TTL_SECONDS = 7 * 86400;

/**
 * KEYS (all in the relay's ledger shard): applied marker, the shard's closed-through, report,
 * credits, bytes leaderboard, the shard's closing-through, session credits, session order, the
 * epoch's bytes leaderboard, then one session state hash per moved pair (pairs of one relay).
 * ARGV: epoch, applied TTL, relay, verified bytes, report increments JSON {incr, set}, credits
 * JSON {field: bytes}, the number of pairs n, state TTL ms, the number of session credits m,
 * accepted-at (ms; a session's first credit keeps it), the report's TTL (seconds: the
 * retention, from its last batch), then n triples (field, expected, next) and m triples
 * ("streamId|sessionId|relay", bytes, "streamId|sessionId"): plain arguments, so the script
 * decodes no JSON per receipt. The epoch's bytes leaderboard gets its TTL when the epoch closes.
 */
const APPLY = redisScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 'applied' end
local closed = redis.call('GET', KEYS[2])
if closed and tonumber(closed) >= tonumber(ARGV[1]) then return 'closed' end
local closing = redis.call('GET', KEYS[6])
if closing and tonumber(closing) >= tonumber(ARGV[1]) then return 'closed' end
local n = tonumber(ARGV[7])
for i = 1, n do
  local current = redis.call('HGET', KEYS[9 + i], ARGV[9 + 3 * i])
  if (current or '') ~= ARGV[10 + 3 * i] then return 'conflict' end
end
for i = 1, n do
  redis.call('HSET', KEYS[9 + i], ARGV[9 + 3 * i], ARGV[11 + 3 * i])
  redis.call('PEXPIRE', KEYS[9 + i], ARGV[8])
end
local report = cjson.decode(ARGV[5])
for field, v in pairs(report.incr) do redis.call('HINCRBY', KEYS[3], field, v) end
for field, v in pairs(report.set) do redis.call('HSET', KEYS[3], field, v) end
redis.call('EXPIRE', KEYS[3], ARGV[11])
for field, v in pairs(cjson.decode(ARGV[6])) do redis.call('HINCRBY', KEYS[4], field, v) end
if tonumber(ARGV[4]) > 0 then
  redis.call('ZINCRBY', KEYS[5], ARGV[4], ARGV[3])
  redis.call('ZINCRBY', KEYS[9], ARGV[4], ARGV[3])
end
local base = 12 + 3 * n
for j = 0, tonumber(ARGV[9]) - 1 do
  local at = base + 3 * j
  redis.call('HINCRBY', KEYS[7], ARGV[at], ARGV[at + 1])
  redis.call('ZADD', KEYS[8], 'NX', ARGV[10], ARGV[at + 2])
end
redis.call('SET', KEYS[1], '1', 'EX', ARGV[2])
return 'ok'
`);

export type ApplyOutcome = "ok" | "applied" | "closed" | "conflict";

export interface PairMove {
  sessionId: string;
  relay: string;
  /** The stored JSON the evaluation read ("" when none). */
  expected: string;
  next: string;
}

export interface BatchEffects {
  entryId: string;
  relay: string;
  epoch: number;
  /** When the batch was accepted (ms): a session's first credit in the epoch is ordered by it. */
  at: number;
  /** The batch's decisions folded into an empty report (the increments). */
  delta: RelayEpochReport;
  /** sessionCredits(relay, decisions): the same verified bytes by session, for the epoch bound. */
  sessions: [string, string][];
  pairs: PairMove[];
  stateTtlMs: number;
}

/**
 * Verified bytes per (stream, session) of the submitting relay, from a batch's decisions, as
 * ["streamId|sessionId|relay", bytes] entries (one per session).
 */
export function sessionCredits(
  relay: string,
  decisions: readonly ReceiptDecision[],
): [string, string][] {
  const byStream = new Map<string, Map<string, number>>();
  for (const d of decisions) {
    if (d.verifiedBytes <= 0 || d.streamId === null || d.sessionId === null) continue;
    let sums = byStream.get(d.streamId);
    if (sums === undefined) byStream.set(d.streamId, (sums = new Map()));
    sums.set(d.sessionId, (sums.get(d.sessionId) ?? 0) + d.verifiedBytes);
  }
  const out: [string, string][] = [];
  for (const [streamId, sums] of byStream)
    for (const [sessionId, n] of sums) out.push([`${streamId}|${sessionId}|${relay}`, String(n)]);
  return out;
}

function flattenReport(delta: RelayEpochReport) {
  // Counts travel as strings: Lua would print large numbers in exponent form.
  const incr: Record<string, string> = {};
  const set: Record<string, string> = {};
  const add = (field: string, n: number) => {
    if (n !== 0) incr[field] = String(n);
  };
  add("verifiedBytes", delta.verifiedBytes);
  add("rejectedBytes", delta.rejectedBytes);
  for (const [status, n] of Object.entries(delta.receipts)) add(`receipts:${status}`, n);
  for (const [code, tally] of Object.entries(delta.reasons)) {
    add(`reason:${code}:receipts`, tally.receipts);
    add(`reason:${code}:bytes`, tally.bytes);
    set[`reason:${code}:message`] = tally.lastMessage;
  }
  for (const [streamId, n] of Object.entries(delta.verifiedByStream)) add(`stream:${streamId}`, n);
  return { incr, set };
}

/** Reads a relay's epoch report back from its counters. */
export function parseReport(relay: string, hash: Record<string, string>): RelayEpochReport {
  const report = emptyRelayEpochReport(relay);
  for (const [field, value] of Object.entries(hash)) {
    const parts = field.split(":");
    if (field === "verifiedBytes") report.verifiedBytes = Number(value);
    else if (field === "rejectedBytes") report.rejectedBytes = Number(value);
    else if (parts[0] === "receipts" && parts[1]! in report.receipts)
      report.receipts[parts[1] as keyof RelayEpochReport["receipts"]] = Number(value);
    else if (parts[0] === "stream") report.verifiedByStream[parts[1]!] = Number(value);
    else if (parts[0] === "reason") {
      const code = parts[1] as RejectionCode;
      const tally = report.reasons[code] ?? { receipts: 0, bytes: 0, lastMessage: "" };
      if (parts[2] === "receipts") tally.receipts = Number(value);
      else if (parts[2] === "bytes") tally.bytes = Number(value);
      else tally.lastMessage = value;
      report.reasons[code] = tally;
    }
  }
  return report;
}

export class ReceiptLedger {
  readonly #redis: RedisClient;
  readonly #keys: Keys;

  readonly #durability: Durability;
  readonly #reportTtlSeconds: number;

  /**
   * `reportTtlSeconds`: how long a relay's epoch report lives after its last batch (default
   * 30 days); `durability`: replicas each apply waits for (default none).
   */
  constructor(
    redis: RedisClient,
    keys: Keys,
    options: { durability?: Durability; reportTtlSeconds?: number } = {},
  ) {
    this.#redis = redis;
    this.#keys = keys;
    this.#durability = options.durability ?? NO_REPLICAS;
    this.#reportTtlSeconds = options.reportTtlSeconds ?? 30 * 86400;
  }

  async apply(effects: BatchEffects): Promise<ApplyOutcome> {
    const k = this.#keys;
    const credits: Record<string, string> = {};
    for (const [streamId, n] of Object.entries(effects.delta.verifiedByStream))
      credits[`${streamId}|${effects.relay}`] = String(n);
    const shard = ledgerShard(effects.relay);
    const keys = [
      k.receiptApplied(effects.relay, effects.entryId),
      k.shardClosedThrough(shard),
      k.relayReport(effects.epoch, effects.relay),
      k.epochCredits(effects.epoch, shard),
      k.leaderboardBytes(shard),
      k.shardClosingThrough(shard),
      k.epochSessionCredits(effects.epoch, shard),
      k.epochSessionOrder(effects.epoch, shard),
      k.epochLeaderboardBytes(effects.epoch, shard),
      ...effects.pairs.map((p) => k.sessionState(p.sessionId, p.relay)),
    ];
    const args: (string | number)[] = [
      effects.epoch,
      APPLIED_TTL_SECONDS,
      effects.relay,
      effects.delta.verifiedBytes,
      JSON.stringify(flattenReport(effects.delta)),
      JSON.stringify(credits),
      effects.pairs.length,
      effects.stateTtlMs,
      effects.sessions.length,
      effects.at,
      this.#reportTtlSeconds,
    ];
    for (const p of effects.pairs) args.push(p.relay, p.expected, p.next);
    for (const [field, bytes] of effects.sessions)
      args.push(field, bytes, field.slice(0, field.lastIndexOf("|")));
    return (await APPLY(this.#redis, keys, args, this.#durability)) as ApplyOutcome;
  }

  /**
   * Each relay's measured performance over `epochs`: verified / (verified + rejected) bytes,
   * or undefined below `minBytes` judged (not measured yet). Reads in parallel (auto-pipelined per node).
   */
  async performance(
    relays: readonly string[],
    epochs: readonly number[],
    minBytes: number,
  ): Promise<Map<string, number | undefined>> {
    const results = await Promise.all(
      relays.flatMap((relay) =>
        epochs.map((epoch) =>
          this.#redis.hmget(this.#keys.relayReport(epoch, relay), "verifiedBytes", "rejectedBytes"),
        ),
      ),
    );
    const out = new Map<string, number | undefined>();
    relays.forEach((relay, i) => {
      let verified = 0;
      let rejected = 0;
      epochs.forEach((_, j) => {
        const [v, r] = results[i * epochs.length + j] ?? [];
        verified += Number(v ?? 0);
        rejected += Number(r ?? 0);
      });
      out.set(relay, verified + rejected < minBytes ? undefined : verified / (verified + rejected));
    });
    return out;
  }

  async report(epoch: number, relay: string): Promise<RelayEpochReport> {
    return parseReport(relay, await this.#redis.hgetall(this.#keys.relayReport(epoch, relay)));
  }
}
