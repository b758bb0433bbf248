import { listStreamsResponse, type StreamInfo } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

/** GET /v1/streams: every stream the coordinator knows, newest first. */
export async function getStreams(
  client: CoordinatorClient,
  { signal }: { signal?: AbortSignal | undefined } = {},
): Promise<StreamInfo[]> {
  const { streams } = await coordinatorRequest(client, {
    path: "/v1/streams",
    schema: listStreamsResponse,
    signal,
  });
  return streams;
}
