import { useQuery } from "@tanstack/react-query";
import { poolsQueryOptions } from "../queries/poolsQueryOptions.ts";
import { useApp } from "./useApp.ts";

export function usePools() {
  return useQuery(poolsQueryOptions(useApp().coordinator));
}
