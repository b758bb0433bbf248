import { queryOptions } from "@tanstack/react-query";
import { getStream } from "../actions/getStream.ts";
import type { CoordinatorClient } from "../lib/coordinatorClient.ts";
import { COORDINATOR_REFETCH_MS, coordinatorQueryKey } from "./coordinatorQueryKey.ts";

export function streamQueryOptions(client: CoordinatorClient, { streamId }: { streamId: string }) {
  return queryOptions({
    queryKey: coordinatorQueryKey(client, "stream", { streamId }),
    queryFn: ({ signal }) => getStream(client, { streamId, signal }),
    refetchInterval: COORDINATOR_REFETCH_MS,
  });
}
