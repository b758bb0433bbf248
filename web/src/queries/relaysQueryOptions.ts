import { queryOptions } from "@tanstack/react-query";
import { getRelays } from "../actions/getRelays.ts";
import type { CoordinatorClient } from "../lib/coordinatorClient.ts";
import { COORDINATOR_REFETCH_MS, coordinatorQueryKey } from "./coordinatorQueryKey.ts";

export function relaysQueryOptions(client: CoordinatorClient) {
  return queryOptions({
    queryKey: coordinatorQueryKey(client, "relays"),
    queryFn: ({ signal }) => getRelays(client, { signal }),
    refetchInterval: COORDINATOR_REFETCH_MS,
  });
}
