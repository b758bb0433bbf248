import { streamDetail, type StreamDetail } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

/** GET /v1/streams/:id: the stream, the live relays serving it and its viewer count. */
export function getStream(
  client: CoordinatorClient,
  { streamId, signal }: { streamId: string; signal?: AbortSignal | undefined },
): Promise<StreamDetail> {
  return coordinatorRequest(client, {
    path: `/v1/streams/${encodeURIComponent(streamId)}`,
    schema: streamDetail,
    signal,
  });
}
