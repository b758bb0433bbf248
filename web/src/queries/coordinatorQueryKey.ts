import { type CoordinatorClient } from "@streamrp2p/client";

/** Every coordinator query's key starts with this, so one invalidation refreshes them all. */
export function coordinatorQueryKey(
  client: CoordinatorClient,
  route: string,
  parameters: Record<string, unknown> = {},
) {
  return ["coordinator", client.baseUrl, route, parameters] as const;
}

/** Coordinator data changes with every heartbeat: poll it while the page is open. */
export const COORDINATOR_REFETCH_MS = 5_000;
