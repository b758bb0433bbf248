import { queryOptions, skipToken } from "@tanstack/react-query";
import type { Config } from "wagmi";
import type { Address } from "viem";
import { getClaimable } from "../actions/getClaimable.ts";
import type { Deployment } from "../config/deployment.ts";
import { chainQueryKey } from "./chainQueryKey.ts";
import { type CoordinatorClient } from "@streamrp2p/client";

export function claimableQueryOptions(
  config: Config,
  {
    coordinator,
    deployment,
    account,
  }: {
    coordinator: CoordinatorClient;
    deployment: Deployment | undefined;
    account: Address | undefined;
  },
) {
  return queryOptions({
    queryKey: chainQueryKey(deployment?.chainId ?? 0, "claimable", {
      account,
      coordinator: coordinator.baseUrl,
    }),
    queryFn:
      deployment && account
        ? () => getClaimable(config, { coordinator, deployment, account })
        : skipToken,
    refetchInterval: 10_000,
  });
}
