import { useQuery } from "@tanstack/react-query";
import { useConfig } from "wagmi";
import type { Address } from "viem";
import { claimableQueryOptions } from "../queries/claimableQueryOptions.ts";
import { useApp } from "./useApp.ts";

export function useClaimable(account: Address | undefined) {
  const { coordinator, deployment } = useApp();
  return useQuery(claimableQueryOptions(useConfig(), { coordinator, deployment, account }));
}
