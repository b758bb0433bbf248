import { queryOptions, skipToken } from "@tanstack/react-query";
import type { Config } from "wagmi";
import { getPoolFunders } from "../actions/getPoolFunders.ts";
import type { Deployment } from "../config/deployment.ts";
import { chainQueryKey } from "./chainQueryKey.ts";

export function poolFundersQueryOptions(
  config: Config,
  { deployment, poolId }: { deployment: Deployment | undefined; poolId: bigint },
) {
  return queryOptions({
    queryKey: chainQueryKey(deployment?.chainId ?? 0, "poolFunders", { poolId }),
    queryFn: deployment ? () => getPoolFunders(config, { deployment, poolId }) : skipToken,
  });
}
