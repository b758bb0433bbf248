import { queryOptions, skipToken } from "@tanstack/react-query";
import type { Config } from "wagmi";
import { readPool } from "../actions/readPool.ts";
import type { Deployment } from "../config/deployment.ts";
import { chainQueryKey } from "./chainQueryKey.ts";

export function poolQueryOptions(
  config: Config,
  { deployment, poolId }: { deployment: Deployment | undefined; poolId: bigint | undefined },
) {
  return queryOptions({
    queryKey: chainQueryKey(deployment?.chainId ?? 0, "pool", { poolId }),
    queryFn:
      deployment && poolId !== undefined
        ? () => readPool(config, { deployment, poolId })
        : skipToken,
  });
}
