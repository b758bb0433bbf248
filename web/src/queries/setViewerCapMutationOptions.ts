import { mutationOptions } from "@tanstack/react-query";
import type { Config } from "wagmi";
import type { CoordinatorClient } from "@streamrp2p/client";
import { setOwnedViewerCap } from "../actions/setOwnedViewerCap.ts";

export function setViewerCapMutationOptions(
  config: Config,
  coordinator: CoordinatorClient,
  { chainId, now }: { chainId: number; now: () => number },
) {
  return mutationOptions({
    mutationKey: ["coordinator", coordinator.baseUrl, "setViewerCap"],
    mutationFn: ({ poolId, maxViewers }: { poolId: bigint; maxViewers: number }) =>
      setOwnedViewerCap(config, coordinator, { chainId, poolId, maxViewers, now: now() }),
  });
}
