import { queryOptions } from "@tanstack/react-query";
import { getLeaderboard, type LeaderboardMetric } from "../actions/getLeaderboard.ts";
import type { CoordinatorClient } from "../lib/coordinatorClient.ts";
import { COORDINATOR_REFETCH_MS, coordinatorQueryKey } from "./coordinatorQueryKey.ts";

export function leaderboardQueryOptions(
  client: CoordinatorClient,
  { by }: { by: LeaderboardMetric },
) {
  return queryOptions({
    queryKey: coordinatorQueryKey(client, "leaderboard", { by }),
    queryFn: ({ signal }) => getLeaderboard(client, { by, signal }),
    refetchInterval: COORDINATOR_REFETCH_MS,
  });
}
