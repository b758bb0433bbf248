import { useQuery } from "@tanstack/react-query";
import type { LeaderboardMetric } from "../actions/getLeaderboard.ts";
import { leaderboardQueryOptions } from "../queries/leaderboardQueryOptions.ts";
import { useApp } from "./useApp.ts";

export function useLeaderboard(by: LeaderboardMetric) {
  return useQuery(leaderboardQueryOptions(useApp().coordinator, { by }));
}
