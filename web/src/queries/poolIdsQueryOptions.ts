import { queryOptions, skipToken } from "@tanstack/react-query";
import type { Config } from "wagmi";
import { getPoolIds } from "../actions/getPoolIds.ts";
import type { Deployment } from "../config/deployment.ts";
import { chainQueryKey } from "./chainQueryKey.ts";

export function poolIdsQueryOptions(
  config: Config,
  { deployment }: { deployment: Deployment | undefined },
) {
  return queryOptions({
    queryKey: chainQueryKey(deployment?.chainId ?? 0, "poolIds"),
    queryFn: deployment ? () => getPoolIds(config, { deployment }) : skipToken,
  });
}
