import { queryOptions } from "@tanstack/react-query";
import { COORDINATOR_REFETCH_MS, coordinatorQueryKey } from "./coordinatorQueryKey.ts";
import { type CoordinatorClient, getPools } from "@streamrp2p/client";

export function poolsQueryOptions(client: CoordinatorClient) {
  return queryOptions({
    queryKey: coordinatorQueryKey(client, "pools"),
    queryFn: ({ signal }) => getPools(client, { signal }),
    refetchInterval: COORDINATOR_REFETCH_MS,
  });
}
