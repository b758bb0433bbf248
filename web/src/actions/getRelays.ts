import { relayInfo, type RelayInfo } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "../lib/coordinatorClient.ts";
import { listOf } from "../lib/schema.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

/** Every relay that has reported recently (GET /v1/relays). */
export function getRelays(
  client: CoordinatorClient,
  options: { signal?: AbortSignal } = {},
): Promise<RelayInfo[]> {
  return coordinatorRequest(client, {
    path: "/v1/relays",
    schema: listOf(relayInfo, "relays"),
    ...options,
  });
}
