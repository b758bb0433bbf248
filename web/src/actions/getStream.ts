import { streamInfo, type StreamInfo } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "../lib/coordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

/** One stream (GET /v1/streams/:id). */
export function getStream(
  client: CoordinatorClient,
  { streamId, signal }: { streamId: string; signal?: AbortSignal },
): Promise<StreamInfo> {
  return coordinatorRequest(client, {
    path: `/v1/streams/${encodeURIComponent(streamId)}`,
    schema: streamInfo,
    ...(signal ? { signal } : {}),
  });
}
