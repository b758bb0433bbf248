import { mutationOptions } from "@tanstack/react-query";
import type { Config } from "wagmi";
import type { Hex } from "viem";
import type { CoordinatorClient } from "@streamrp2p/client";
import { linkOwnedPool } from "../actions/linkOwnedPool.ts";

export function linkOwnedPoolMutationOptions(
  config: Config,
  coordinator: CoordinatorClient,
  { chainId, now }: { chainId: number; now: () => number },
) {
  return mutationOptions({
    mutationKey: ["coordinator", coordinator.baseUrl, "linkOwnedPool"],
    mutationFn: ({ streamId, poolId }: { streamId: Hex; poolId: bigint }) =>
      linkOwnedPool(config, coordinator, { chainId, streamId, poolId, now: now() }),
  });
}
