import { listRelaysResponse, type RelayInfo } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "../lib/coordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

/** Every relay that has reported recently (GET /v1/relays). */
export async function getRelays(
  client: CoordinatorClient,
  options: { signal?: AbortSignal } = {},
): Promise<RelayInfo[]> {
  const { relays } = await coordinatorRequest(client, {
    path: "/v1/relays",
    schema: listRelaysResponse,
    ...options,
  });
  return relays;
}
