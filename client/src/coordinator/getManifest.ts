import { manifestResponse } from "@streamrp2p/protocol/api";
import type { z } from "zod";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

export type StoredManifestEntry = z.infer<typeof manifestResponse>["entries"][number];

/**
 * GET /v1/streams/:id/manifest?from=&limit=: the origin-signed entries the coordinator
 * accepted, from sequence `from` on (at most `limit`), each with when it arrived.
 */
export async function getManifest(
  client: CoordinatorClient,
  {
    streamId,
    from = 0,
    limit = 500,
    signal,
  }: { streamId: string; from?: number; limit?: number; signal?: AbortSignal | undefined },
): Promise<StoredManifestEntry[]> {
  const { entries } = await coordinatorRequest(client, {
    path: `/v1/streams/${encodeURIComponent(streamId)}/manifest?from=${from}&limit=${limit}`,
    schema: manifestResponse,
    signal,
  });
  return entries;
}
