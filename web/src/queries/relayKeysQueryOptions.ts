import { queryOptions, skipToken } from "@tanstack/react-query";
import type { Config } from "wagmi";
import type { Address } from "viem";
import { getRelayKeys } from "../actions/getRelayKeys.ts";
import type { Deployment } from "../config/deployment.ts";
import { chainQueryKey } from "./chainQueryKey.ts";

export function relayKeysQueryOptions(
  config: Config,
  { deployment, operator }: { deployment: Deployment | undefined; operator: Address | undefined },
) {
  return queryOptions({
    queryKey: chainQueryKey(deployment?.chainId ?? 0, "relayKeys", { operator }),
    queryFn:
      deployment && operator ? () => getRelayKeys(config, { deployment, operator }) : skipToken,
  });
}
