import { useQuery } from "@tanstack/react-query";
import { useConfig } from "wagmi";
import type { Address } from "viem";
import { accountHistoryQueryOptions } from "../queries/accountHistoryQueryOptions.ts";
import { useApp } from "./useApp.ts";

export function useAccountHistory(account: Address | undefined) {
  return useQuery(
    accountHistoryQueryOptions(useConfig(), { deployment: useApp().deployment, account }),
  );
}
