/**
 * Closes epochs, exactly once across crashes and processes. Every coordinator runs this
 * loop; for each finished epoch (EPOCH_CLOSE_DELAY_MS after its end) one process takes the
 * lock (with a fencing token), reads the epoch's credits, the stream -> pool mapping, the
 * pools (chain watcher) and the ledger, withholds what the epoch bound and the pools' viewer
 * caps do not pay (core/epoch-bounds.ts), runs the core's closeEpoch, and commits everything
 * plus "closed" in one script that checks the token. A crash before the commit leaves the
 * epoch open for the next try; one after it leaves nothing to redo.
 */
import type { Logger } from "pino";
import { closeEpoch, ledgerKey, type EpochCredit } from "../core/close-epoch.ts";
import {
  boundEpochCredits,
  type BoundTolerance,
  type WithheldCredit,
} from "../core/epoch-bounds.ts";
import { epochAt } from "../core/epoch-window.ts";
import { toJson } from "../core/json.ts";
import type { RejectionCode } from "../core/rejection.ts";
import type { PoolStore, PoolState } from "../store/pool-store.ts";
import { poolTermsOf } from "../store/pool-store.ts";
import type { CloseRow, CloseWithholding, EpochLedger } from "./epoch-ledger.ts";

/** What the per-session stream bound and the viewer caps read (core/epoch-bounds.ts). */
export interface EpochBoundDeps {
  /** Bytes of manifest entries each stream had accepted in [from, to) ms (StreamStore.producedBetween). */
  produced(streamIds: readonly string[], from: number, to: number): Promise<Map<string, bigint>>;
  /** EPOCH_BOUND_LAG_MS: the window starts this long before the epoch. */
  lagMs: number;
  tolerance: BoundTolerance;
}

export interface EpochCloserDeps {
  ledger: EpochLedger;
  pools: PoolStore;
  clock: () => number;
  logger: Logger;
  closeDelayMs: number;
  /**
   * The operators (wallets) relay keys earn for, in order, in one batch read: attestations and
   * earnings name them. Null: the key has no operator and its bytes are unpaid. A failed read
   * must throw (never answer null): the close is then abandoned and retried. Default: every
   * key is its own operator.
   */
  operatorsOf?(relayKeys: readonly `0x${string}`[]): Promise<(`0x${string}` | null)[]>;
  /**
   * Relay keys whose bytes of the epoch are withheld, with the reason (a failed spot check):
   * none of their credits is paid, and their report moves the bytes to that reason. Default:
   * none. A failed read throws (the close is retried), so a withholding is never skipped.
   */
  withheld?(epoch: number): Promise<ReadonlyMap<string, { code: RejectionCode; message: string }>>;
  /** The epoch bound and viewer caps; absent: every credited byte is paid (unit tests). */
  bounds?: EpochBoundDeps;
  /** Lock lifetime; a close must finish within it. */
  lockTtlMs?: number;
  /** Test hook: runs after the results were computed, before the commit. */
  beforeCommit?(epoch: number): Promise<void>;
}

export interface EpochCloseSummary {
  epoch: number;
  closedAt: number;
  relays: number;
  attestations: number;
  paid: string;
  /** Includes the withheld bytes. */
  unpaidBytes: string;
  /** Bytes withheld at close by reason code (audit-*, stream-bound, viewer-cap). */
  withheld: Record<string, string>;
  pools: unknown[];
}

/** Per relay and reason: what the relay's epoch report tallies. */
function tallyWithheld(withheld: readonly WithheldCredit[]): CloseWithholding[] {
  const byKey = new Map<string, CloseWithholding & { seen: Set<string> }>();
  for (const w of withheld) {
    const key = `${w.relay}|${w.streamId}|${w.code}`;
    let t = byKey.get(key);
    if (t === undefined) {
      t = {
        relay: w.relay,
        streamId: w.streamId,
        code: w.code,
        bytes: 0n,
        sessions: 0,
        message: "",
        seen: new Set(),
      };
      byKey.set(key, t);
    }
    t.bytes += w.bytes;
    t.seen.add(`${w.streamId}|${w.sessionId}`);
    t.sessions = t.seen.size;
    t.message = w.message;
  }
  return [...byKey.values()].map(({ seen: _, ...t }) => t);
}

/**
 * Whether a pool pays for an epoch's bytes: an open pool always; a closing pool
 * (closesAt != 0, seconds) for epochs that started before it closes, so bytes served during
 * the notice period are attested like any other (closing does not void relays' earnings).
 */
function payableFor(epochStartsAt: number) {
  return (pool: PoolState | undefined): pool is PoolState =>
    pool !== undefined && (pool.closesAt === 0 || epochStartsAt < pool.closesAt * 1000);
}

export function createEpochCloser(deps: EpochCloserDeps) {
  const { ledger, pools, logger } = deps;
  const lockTtlMs = deps.lockTtlMs ?? 60_000;
  const log = logger.child({ component: "epoch-closer" });

  /** The next epoch to close, when it is due. */
  async function due(): Promise<number | undefined> {
    const now = deps.clock();
    const closed = await ledger.closedThrough();
    const next = closed === null ? await ledger.firstEpoch(now) : closed + 1;
    const { endsAt } = epochAt(
      ledger.schedule.genesisMs + next * ledger.schedule.lengthMs,
      ledger.schedule,
    );
    return now >= endsAt + deps.closeDelayMs ? next : undefined;
  }

  /** What the stream bound and the pools' viewer caps withhold from the epoch's sessions. */
  async function withheldBy(
    epoch: number,
    streamPools: ReadonlyMap<string, bigint | undefined>,
  ): Promise<WithheldCredit[]> {
    const bounds = deps.bounds;
    if (bounds === undefined) return [];
    const [sessions, firstCreditAt] = await Promise.all([
      ledger.sessionCredits(epoch),
      ledger.sessionOrder(epoch),
    ]);
    if (sessions.length === 0) return [];
    const streamIds = [...new Set(sessions.map((s) => s.streamId))];
    const startsAt = ledger.schedule.genesisMs + epoch * ledger.schedule.lengthMs;
    const endsAt = startsAt + ledger.schedule.lengthMs;
    const produced = await bounds.produced(
      streamIds,
      startsAt - bounds.lagMs,
      endsAt + deps.closeDelayMs,
    );
    const poolIds = [...new Set(streamIds.map((id) => streamPools.get(id)))].filter(
      (id) => id !== undefined,
    );
    const viewerCaps = new Map<bigint, number>();
    for (const pool of await Promise.all(poolIds.map((id) => pools.get(id))))
      if (pool !== undefined && pool.maxViewers > 0) viewerCaps.set(pool.poolId, pool.maxViewers);
    return boundEpochCredits({
      sessions,
      firstCreditAt,
      streams: new Map(
        streamIds.map((id) => [
          id,
          { producedBytes: produced.get(id) ?? 0n, poolId: streamPools.get(id) },
        ]),
      ),
      viewerCaps,
      tolerance: bounds.tolerance,
    });
  }

  async function compute(epoch: number) {
    const credits = await ledger.credits(epoch);
    const streamPools = new Map<string, bigint | undefined>();
    for (const c of credits) {
      if (!streamPools.has(c.streamId))
        streamPools.set(c.streamId, await pools.poolOfStream(c.streamId));
    }
    const relayKeys = [...new Set(credits.map((c) => c.relay as `0x${string}`))];
    const resolved = deps.operatorsOf ? await deps.operatorsOf(relayKeys) : relayKeys;
    const operators = new Map(relayKeys.map((key, i) => [key as string, resolved[i] ?? null]));
    // A relay key that failed a spot check loses the whole epoch; the bound and the viewer
    // caps cut the other keys' sessions.
    const audited = (await deps.withheld?.(epoch)) ?? new Map();
    const bounded = (await withheldBy(epoch, streamPools)).filter((w) => !audited.has(w.relay));
    const cut = new Map<string, bigint>();
    for (const w of bounded) {
      const key = `${w.streamId}|${w.relay}`;
      cut.set(key, (cut.get(key) ?? 0n) + w.bytes);
    }
    const closeWithholdings = tallyWithheld(bounded);
    const epochCredits: EpochCredit[] = [];
    let unpaidBytes = 0n;
    for (const c of credits) {
      const reason = audited.get(c.relay);
      if (reason !== undefined) {
        closeWithholdings.push({ ...c, ...reason, sessions: 0 });
        continue;
      }
      const poolId = streamPools.get(c.streamId);
      const operator = operators.get(c.relay) ?? null;
      const kept = c.bytes - (cut.get(`${c.streamId}|${c.relay}`) ?? 0n);
      const bytes = kept > 0n ? kept : 0n;
      if (poolId === undefined || operator === null) unpaidBytes += bytes;
      else epochCredits.push({ poolId, relay: operator, bytes });
    }
    const withheldByCode: Record<string, string> = {};
    for (const w of closeWithholdings)
      withheldByCode[w.code] = (BigInt(withheldByCode[w.code] ?? "0") + w.bytes).toString();
    const poolIds = [...new Set(epochCredits.map((c) => c.poolId))];
    const states = await Promise.all(poolIds.map((id) => pools.get(id)));
    const startsAt = ledger.schedule.genesisMs + epoch * ledger.schedule.lengthMs;
    const terms = states.filter(payableFor(startsAt)).map(poolTermsOf);
    const fields = [...new Set(epochCredits.map((c) => ledgerKey(c.poolId, c.relay)))];
    const previous = await ledger.entries(fields);
    const ledgerMap = new Map(
      [...previous].map(([k, v]) => [k, { cumulativeBytes: v.bytes, cumulativeAmount: v.amount }]),
    );
    const result = closeEpoch({ pools: terms, credits: epochCredits, ledger: ledgerMap });
    const rows: CloseRow[] = result.attestations.map((a, i) => ({
      poolId: a.poolId,
      relay: a.account,
      cumulativeBytes: a.cumulativeBytes,
      cumulativeAmount: a.cumulativeAmount,
      bytes:
        a.cumulativeBytes - (ledgerMap.get(ledgerKey(a.poolId, a.account))?.cumulativeBytes ?? 0n),
      amount: result.amounts[i]!,
    }));
    for (const u of result.unpaid) unpaidBytes += u.bytes;
    const attestedTotals = new Map(result.pools.map((p) => [p.poolId, p.attestedTotal]));
    const summary: EpochCloseSummary = {
      epoch,
      closedAt: deps.clock(),
      relays: new Set(rows.map((r) => r.relay)).size,
      attestations: rows.length,
      paid: result.pools.reduce((s, p) => s + p.paid, 0n).toString(),
      unpaidBytes: unpaidBytes.toString(),
      withheld: withheldByCode,
      pools: toJson(result.pools) as unknown[],
    };
    return { rows, attestedTotals, summary, withheld: closeWithholdings };
  }

  /** Closes the next due epoch if this process wins the lock; returns it when closed here. */
  async function closeDue(): Promise<number | undefined> {
    const epoch = await due();
    if (epoch === undefined) return undefined;
    const token = await ledger.lock(lockTtlMs);
    if (token === null) return undefined;
    try {
      const closed = await ledger.closedThrough();
      if (closed !== null && closed >= epoch) return undefined;
      // Receipts still in flight for this epoch move to the next one from here on, so a batch
      // applied after the credits were read can never be reported but left unpaid.
      if (!(await ledger.markClosing(token, epoch))) return undefined;
      const { rows, attestedTotals, summary, withheld } = await compute(epoch);
      await deps.beforeCommit?.(epoch);
      const outcome = await ledger.commit(token, epoch, rows, attestedTotals, summary, withheld);
      if (outcome !== "ok") {
        log.warn({ epoch, outcome }, "epoch close not committed");
        return undefined;
      }
      log.info({ epoch, attestations: rows.length, paid: summary.paid }, "epoch closed");
      return epoch;
    } finally {
      await ledger.unlock(token);
    }
  }

  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  async function run(intervalMs: number): Promise<void> {
    while (running) {
      try {
        while (running && (await closeDue()) !== undefined);
      } catch (error) {
        log.error({ err: error }, "epoch close failed; will retry");
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, intervalMs);
      });
    }
  }

  return {
    closeDue,
    start(intervalMs = 250): void {
      if (loop) return;
      running = true;
      loop = run(intervalMs);
    },
    async stop(): Promise<void> {
      running = false;
      wake?.();
      await loop;
      loop = undefined;
    },
  };
}

export type EpochCloser = ReturnType<typeof createEpochCloser>;
