import { useQuery } from "@tanstack/react-query";
import { leaderboardQueryOptions } from "../queries/leaderboardQueryOptions.ts";
import { useApp } from "./useApp.ts";
import { type LeaderboardMetric, type LeaderboardPeriod } from "@streamrp2p/client";

export function useLeaderboard(by: LeaderboardMetric, period: LeaderboardPeriod) {
  return useQuery(leaderboardQueryOptions(useApp().coordinator, { by, period }));
}
