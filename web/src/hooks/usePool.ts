import { useQuery } from "@tanstack/react-query";
import { useConfig } from "wagmi";
import { poolQueryOptions } from "../queries/poolQueryOptions.ts";
import { useApp } from "./useApp.ts";

export function usePool(poolId: bigint | undefined) {
  return useQuery(poolQueryOptions(useConfig(), { deployment: useApp().deployment, poolId }));
}
