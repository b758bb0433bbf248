import { queryOptions } from "@tanstack/react-query";
import { COORDINATOR_REFETCH_MS, coordinatorQueryKey } from "./coordinatorQueryKey.ts";
import { type CoordinatorClient, getStream } from "@streamrp2p/client";

export function streamQueryOptions(client: CoordinatorClient, { streamId }: { streamId: string }) {
  return queryOptions({
    queryKey: coordinatorQueryKey(client, "stream", { streamId }),
    queryFn: ({ signal }) => getStream(client, { streamId, signal }),
    refetchInterval: COORDINATOR_REFETCH_MS,
  });
}
