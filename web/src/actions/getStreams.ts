import { listStreamsResponse, type StreamInfo } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "../lib/coordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

/** Every stream the coordinator knows, newest first (GET /v1/streams). */
export async function getStreams(
  client: CoordinatorClient,
  options: { signal?: AbortSignal } = {},
): Promise<StreamInfo[]> {
  const { streams } = await coordinatorRequest(client, {
    path: "/v1/streams",
    schema: listStreamsResponse,
    ...options,
  });
  return streams;
}
