import { queryOptions } from "@tanstack/react-query";
import { COORDINATOR_REFETCH_MS, coordinatorQueryKey } from "./coordinatorQueryKey.ts";
import {
  type CoordinatorClient,
  getLeaderboard,
  type LeaderboardMetric,
  type LeaderboardPeriod,
} from "@streamrp2p/client";

export function leaderboardQueryOptions(
  client: CoordinatorClient,
  { by, period }: { by: LeaderboardMetric; period: LeaderboardPeriod },
) {
  return queryOptions({
    queryKey: coordinatorQueryKey(client, "leaderboard", { by, period }),
    queryFn: ({ signal }) => getLeaderboard(client, { by, period, signal }),
    refetchInterval: COORDINATOR_REFETCH_MS,
  });
}
