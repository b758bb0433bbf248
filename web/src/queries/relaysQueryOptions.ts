import { queryOptions } from "@tanstack/react-query";
import { COORDINATOR_REFETCH_MS, coordinatorQueryKey } from "./coordinatorQueryKey.ts";
import { type CoordinatorClient, getRelays } from "@streamrp2p/client";

export function relaysQueryOptions(client: CoordinatorClient) {
  return queryOptions({
    queryKey: coordinatorQueryKey(client, "relays"),
    queryFn: ({ signal }) => getRelays(client, { signal }),
    refetchInterval: COORDINATOR_REFETCH_MS,
  });
}
