import { queryOptions } from "@tanstack/react-query";
import { COORDINATOR_REFETCH_MS, coordinatorQueryKey } from "./coordinatorQueryKey.ts";
import { type CoordinatorClient, getCurrentEpoch } from "@streamrp2p/client";

export function currentEpochQueryOptions(client: CoordinatorClient) {
  return queryOptions({
    queryKey: coordinatorQueryKey(client, "currentEpoch"),
    queryFn: ({ signal }) => getCurrentEpoch(client, { signal }),
    refetchInterval: COORDINATOR_REFETCH_MS,
  });
}
