import { queryOptions } from "@tanstack/react-query";
import { COORDINATOR_REFETCH_MS, coordinatorQueryKey } from "./coordinatorQueryKey.ts";
import { type CoordinatorClient, getStreams } from "@streamrp2p/client";

export function streamsQueryOptions(client: CoordinatorClient) {
  return queryOptions({
    queryKey: coordinatorQueryKey(client, "streams"),
    queryFn: ({ signal }) => getStreams(client, { signal }),
    refetchInterval: COORDINATOR_REFETCH_MS,
  });
}
