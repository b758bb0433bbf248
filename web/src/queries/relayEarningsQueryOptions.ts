import { queryOptions, skipToken } from "@tanstack/react-query";
import type { Address } from "viem";
import { getRelayEarnings } from "../actions/getRelayEarnings.ts";
import { COORDINATOR_REFETCH_MS, coordinatorQueryKey } from "./coordinatorQueryKey.ts";
import { type CoordinatorClient } from "@streamrp2p/client";

export function relayEarningsQueryOptions(
  client: CoordinatorClient,
  { address }: { address: Address | undefined },
) {
  return queryOptions({
    queryKey: coordinatorQueryKey(client, "relayEarnings", { address }),
    queryFn: address ? ({ signal }) => getRelayEarnings(client, { address, signal }) : skipToken,
    refetchInterval: COORDINATOR_REFETCH_MS,
  });
}
