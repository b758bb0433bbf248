import { leaderboardResponse } from "@streamrp2p/protocol/api";
import type { Address } from "viem";
import type { CoordinatorClient } from "../lib/coordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

export type LeaderboardMetric = "bytes" | "earnings";

export interface LeaderboardEntry {
  readonly rank: number;
  readonly address: Address;
  /** Verified bytes, or attested earnings in token base units, depending on the metric. */
  readonly value: bigint;
}

/** Relays ranked by verified bytes or attested earnings, all time (GET /v1/leaderboard?by=). */
export async function getLeaderboard(
  client: CoordinatorClient,
  { by, signal }: { by: LeaderboardMetric; signal?: AbortSignal },
): Promise<LeaderboardEntry[]> {
  const { entries } = await coordinatorRequest(client, {
    path: `/v1/leaderboard?by=${by}`,
    schema: leaderboardResponse,
    ...(signal ? { signal } : {}),
  });
  return entries.map((e) => ({ rank: e.rank, address: e.relay, value: BigInt(e.value) }));
}
