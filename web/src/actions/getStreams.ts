import { streamInfo, type StreamInfo } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "../lib/coordinatorClient.ts";
import { listOf } from "../lib/schema.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

/** Every stream the coordinator knows (GET /v1/streams). */
export function getStreams(
  client: CoordinatorClient,
  options: { signal?: AbortSignal } = {},
): Promise<StreamInfo[]> {
  return coordinatorRequest(client, {
    path: "/v1/streams",
    schema: listOf(streamInfo, "streams"),
    ...options,
  });
}
