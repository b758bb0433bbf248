import { queryOptions, skipToken } from "@tanstack/react-query";
import type { Config } from "wagmi";
import type { Address } from "viem";
import { getAccountHistory } from "../actions/getAccountHistory.ts";
import type { Deployment } from "../config/deployment.ts";
import { chainQueryKey } from "./chainQueryKey.ts";

export function accountHistoryQueryOptions(
  config: Config,
  { deployment, account }: { deployment: Deployment | undefined; account: Address | undefined },
) {
  return queryOptions({
    queryKey: chainQueryKey(deployment?.chainId ?? 0, "history", { account }),
    queryFn:
      deployment && account ? () => getAccountHistory(config, { deployment, account }) : skipToken,
  });
}
