import type { Address } from "viem";
import { leaderboardResponse } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

export type LeaderboardMetric = "bytes" | "earnings";

export interface LeaderboardEntry {
  readonly rank: number;
  readonly address: Address;
  /** Verified bytes, or attested earnings in token base units, depending on the metric. */
  readonly value: bigint;
}

/** GET /v1/leaderboard?by=: relays ranked by verified bytes or attested earnings, all time. */
export async function getLeaderboard(
  client: CoordinatorClient,
  { by, signal }: { by: LeaderboardMetric; signal?: AbortSignal | undefined },
): Promise<LeaderboardEntry[]> {
  const { entries } = await coordinatorRequest(client, {
    path: `/v1/leaderboard?by=${by}`,
    schema: leaderboardResponse,
    signal,
  });
  return entries.map((e) => ({ rank: e.rank, address: e.relay, value: BigInt(e.value) }));
}
