import { queryOptions } from "@tanstack/react-query";
import { COORDINATOR_REFETCH_MS, coordinatorQueryKey } from "./coordinatorQueryKey.ts";
import { type CoordinatorClient, getLeaderboard, type LeaderboardMetric } from "@streamrp2p/client";

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
