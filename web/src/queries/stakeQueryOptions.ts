import { queryOptions, skipToken } from "@tanstack/react-query";
import type { Config } from "wagmi";
import type { Address } from "viem";
import { readStake } from "../actions/readStake.ts";
import type { Deployment } from "../config/deployment.ts";
import { chainQueryKey } from "./chainQueryKey.ts";

export function stakeQueryOptions(
  config: Config,
  { deployment, account }: { deployment: Deployment | undefined; account: Address | undefined },
) {
  return queryOptions({
    queryKey: chainQueryKey(deployment?.chainId ?? 0, "stake", { account }),
    queryFn: deployment && account ? () => readStake(config, { deployment, account }) : skipToken,
  });
}
