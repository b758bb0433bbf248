import type { Address } from "viem";
import {
  type LeaderboardMetric,
  type LeaderboardPeriod,
  leaderboardResponse,
} from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

export type { LeaderboardMetric, LeaderboardPeriod };

export interface LeaderboardEntry {
  readonly rank: number;
  readonly address: Address;
  /** Verified bytes, or attested earnings in token base units, depending on the metric. */
  readonly value: bigint;
}

export interface Leaderboard {
  readonly period: LeaderboardPeriod;
  /** The closed epochs a bounded period sums, inclusive; absent for "all" or when none is covered. */
  readonly fromEpoch?: number | undefined;
  readonly toEpoch?: number | undefined;
  readonly entries: readonly LeaderboardEntry[];
}

/**
 * GET /v1/leaderboard?by=&period=: relays ranked by verified bytes or attested earnings over
 * the last closed epoch, the last 24 h or 7 d of closed epochs, or all time (default).
 */
export async function getLeaderboard(
  client: CoordinatorClient,
  {
    by,
    period = "all",
    signal,
  }: { by: LeaderboardMetric; period?: LeaderboardPeriod; signal?: AbortSignal | undefined },
): Promise<Leaderboard> {
  const board = await coordinatorRequest(client, {
    path: `/v1/leaderboard?by=${by}&period=${period}`,
    schema: leaderboardResponse,
    signal,
  });
  return {
    period: board.period,
    fromEpoch: board.fromEpoch,
    toEpoch: board.toEpoch,
    entries: board.entries.map((e) => ({
      rank: e.rank,
      address: e.relay,
      value: BigInt(e.value),
    })),
  };
}
