import { streamDetail, type StreamDetail } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "../lib/coordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

/** One stream with the live relays serving it and its viewer count (GET /v1/streams/:id). */
export function getStream(
  client: CoordinatorClient,
  { streamId, signal }: { streamId: string; signal?: AbortSignal },
): Promise<StreamDetail> {
  return coordinatorRequest(client, {
    path: `/v1/streams/${encodeURIComponent(streamId)}`,
    schema: streamDetail,
    ...(signal ? { signal } : {}),
  });
}
