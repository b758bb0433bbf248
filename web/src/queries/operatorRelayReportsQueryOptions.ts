import { queryOptions, skipToken } from "@tanstack/react-query";
import type { Address } from "viem";
import { type CoordinatorClient, getOperatorRelayReports } from "@streamrp2p/client";
import { COORDINATOR_REFETCH_MS, coordinatorQueryKey } from "./coordinatorQueryKey.ts";

export function operatorRelayReportsQueryOptions(
  client: CoordinatorClient,
  { operator }: { operator: Address | undefined },
) {
  return queryOptions({
    queryKey: coordinatorQueryKey(client, "operatorRelayReports", { operator }),
    queryFn: operator
      ? ({ signal }) => getOperatorRelayReports(client, { operator, signal })
      : skipToken,
    refetchInterval: COORDINATOR_REFETCH_MS,
  });
}
