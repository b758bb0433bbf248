import { queryOptions } from "@tanstack/react-query";
import { getCurrentEpoch } from "../actions/getCurrentEpoch.ts";
import type { CoordinatorClient } from "../lib/coordinatorClient.ts";
import { COORDINATOR_REFETCH_MS, coordinatorQueryKey } from "./coordinatorQueryKey.ts";

export function currentEpochQueryOptions(client: CoordinatorClient) {
  return queryOptions({
    queryKey: coordinatorQueryKey(client, "currentEpoch"),
    queryFn: ({ signal }) => getCurrentEpoch(client, { signal }),
    refetchInterval: COORDINATOR_REFETCH_MS,
  });
}
