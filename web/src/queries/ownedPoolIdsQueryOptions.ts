import { queryOptions, skipToken } from "@tanstack/react-query";
import type { Config } from "wagmi";
import type { Address } from "viem";
import { getOwnedPoolIds } from "../actions/getOwnedPoolIds.ts";
import type { Deployment } from "../config/deployment.ts";
import { chainQueryKey } from "./chainQueryKey.ts";

export function ownedPoolIdsQueryOptions(
  config: Config,
  { deployment, owner }: { deployment: Deployment | undefined; owner: Address | undefined },
) {
  return queryOptions({
    queryKey: chainQueryKey(deployment?.chainId ?? 0, "ownedPoolIds", { owner }),
    queryFn: deployment && owner ? () => getOwnedPoolIds(config, { deployment, owner }) : skipToken,
  });
}
