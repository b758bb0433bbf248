/**
 * Which closed epochs a bounded leaderboard period sums. "epoch" is the last closed epoch;
 * "24h" and "7d" are the closed epochs whose end falls in the last 24 hours / 7 days, at most
 * the newest MAX_PERIOD_EPOCHS of them. An epoch that ended longer ago than the per-epoch
 * rankings are kept (LEADERBOARD_RETENTION_DAYS) is never counted, so the range is always one
 * the store still holds.
 */
import type { EpochSchedule } from "./epoch-window.ts";

export type BoundedPeriod = "epoch" | "24h" | "7d";

const HOUR_MS = 3_600_000;

export const PERIOD_MS: Readonly<Record<Exclude<BoundedPeriod, "epoch">, number>> = {
  "24h": 24 * HOUR_MS,
  "7d": 7 * 24 * HOUR_MS,
};

/** Most epochs one period sums (7 d of hourly epochs is 168; shorter epochs are cut to the newest). */
export const MAX_PERIOD_EPOCHS = 1000;

export interface EpochRange {
  /** Inclusive. */
  fromEpoch: number;
  /** Inclusive. */
  toEpoch: number;
}

export interface PeriodInput {
  period: BoundedPeriod;
  now: number;
  /** The last closed epoch, or null before the first close. */
  lastClosed: number | null;
  schedule: EpochSchedule;
  /** How long a closed epoch's rankings are kept. */
  retentionMs: number;
}

/** The closed epochs the period covers, or undefined when it covers none. */
export function periodEpochs(input: PeriodInput): EpochRange | undefined {
  const { period, now, lastClosed, schedule, retentionMs } = input;
  if (lastClosed === null) return undefined;
  const windowMs = period === "epoch" ? retentionMs : Math.min(PERIOD_MS[period], retentionMs);
  // Epoch e ends at genesis + (e + 1) x length; this is the first one ending after the cutoff.
  const firstInWindow = Math.max(
    0,
    Math.floor((now - windowMs - schedule.genesisMs) / schedule.lengthMs),
  );
  const fromEpoch =
    period === "epoch" ? lastClosed : Math.max(firstInWindow, lastClosed - MAX_PERIOD_EPOCHS + 1);
  if (fromEpoch < firstInWindow || fromEpoch > lastClosed) return undefined;
  return { fromEpoch, toEpoch: lastClosed };
}

/** The epoch numbers of a range, ascending. */
export function epochsIn(range: EpochRange): number[] {
  return Array.from({ length: range.toEpoch - range.fromEpoch + 1 }, (_, i) => range.fromEpoch + i);
}
