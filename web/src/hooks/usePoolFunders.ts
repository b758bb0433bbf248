import { useQuery } from "@tanstack/react-query";
import { useConfig } from "wagmi";
import { poolFundersQueryOptions } from "../queries/poolFundersQueryOptions.ts";
import { useApp } from "./useApp.ts";

export function usePoolFunders(poolId: bigint) {
  return useQuery(
    poolFundersQueryOptions(useConfig(), { deployment: useApp().deployment, poolId }),
  );
}
