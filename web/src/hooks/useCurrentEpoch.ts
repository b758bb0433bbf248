import { useQuery } from "@tanstack/react-query";
import { currentEpochQueryOptions } from "../queries/currentEpochQueryOptions.ts";
import { useApp } from "./useApp.ts";

export function useCurrentEpoch() {
  return useQuery(currentEpochQueryOptions(useApp().coordinator));
}
