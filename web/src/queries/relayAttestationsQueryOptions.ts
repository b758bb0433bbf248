import { queryOptions, skipToken } from "@tanstack/react-query";
import type { Address } from "viem";
import { COORDINATOR_REFETCH_MS, coordinatorQueryKey } from "./coordinatorQueryKey.ts";
import { type CoordinatorClient, getRelayAttestations } from "@streamrp2p/client";

export function relayAttestationsQueryOptions(
  client: CoordinatorClient,
  { address }: { address: Address | undefined },
) {
  return queryOptions({
    queryKey: coordinatorQueryKey(client, "relayAttestations", { address }),
    queryFn: address
      ? ({ signal }) => getRelayAttestations(client, { address, signal })
      : skipToken,
    refetchInterval: COORDINATOR_REFETCH_MS,
  });
}
