import { listRelaysResponse, type RelayInfo } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

/** GET /v1/relays: every relay heard from recently. */
export async function getRelays(
  client: CoordinatorClient,
  { signal }: { signal?: AbortSignal | undefined } = {},
): Promise<RelayInfo[]> {
  const { relays } = await coordinatorRequest(client, {
    path: "/v1/relays",
    schema: listRelaysResponse,
    signal,
  });
  return relays;
}
