import { queryOptions } from "@tanstack/react-query";
import { getPools } from "../actions/getPools.ts";
import type { CoordinatorClient } from "../lib/coordinatorClient.ts";
import { COORDINATOR_REFETCH_MS, coordinatorQueryKey } from "./coordinatorQueryKey.ts";

export function poolsQueryOptions(client: CoordinatorClient) {
  return queryOptions({
    queryKey: coordinatorQueryKey(client, "pools"),
    queryFn: ({ signal }) => getPools(client, { signal }),
    refetchInterval: COORDINATOR_REFETCH_MS,
  });
}
