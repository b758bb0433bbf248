import { useQuery } from "@tanstack/react-query";
import { useConfig } from "wagmi";
import type { Address } from "viem";
import { stakeQueryOptions } from "../queries/stakeQueryOptions.ts";
import { useApp } from "./useApp.ts";

export function useStakeState(account: Address | undefined) {
  return useQuery(stakeQueryOptions(useConfig(), { deployment: useApp().deployment, account }));
}
