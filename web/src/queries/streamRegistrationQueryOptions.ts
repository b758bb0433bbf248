import { queryOptions, skipToken } from "@tanstack/react-query";
import type { Config } from "wagmi";
import type { Hex } from "viem";
import { readStreamRegistration } from "../actions/readStreamRegistration.ts";
import type { Deployment } from "../config/deployment.ts";
import { chainQueryKey } from "./chainQueryKey.ts";

export function streamRegistrationQueryOptions(
  config: Config,
  { deployment, streamId }: { deployment: Deployment | undefined; streamId: Hex | undefined },
) {
  return queryOptions({
    queryKey: chainQueryKey(deployment?.chainId ?? 0, "streamRegistration", { streamId }),
    // null, not undefined, for "not registered": TanStack Query rejects undefined data
    queryFn:
      deployment && streamId
        ? async () => (await readStreamRegistration(config, { deployment, streamId })) ?? null
        : skipToken,
  });
}
