import { queryOptions } from "@tanstack/react-query";
import { getStreams } from "../actions/getStreams.ts";
import type { CoordinatorClient } from "../lib/coordinatorClient.ts";
import { COORDINATOR_REFETCH_MS, coordinatorQueryKey } from "./coordinatorQueryKey.ts";

export function streamsQueryOptions(client: CoordinatorClient) {
  return queryOptions({
    queryKey: coordinatorQueryKey(client, "streams"),
    queryFn: ({ signal }) => getStreams(client, { signal }),
    refetchInterval: COORDINATOR_REFETCH_MS,
  });
}
