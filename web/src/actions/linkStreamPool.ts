import { linkPoolResponse } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "../lib/coordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

/**
 * Makes a pool pay for a stream's relays (POST /v1/streams/:streamId/pools); the pool's
 * on-chain owner must be the stream's owner.
 */
export function linkStreamPool(
  client: CoordinatorClient,
  { streamId, poolId }: { streamId: string; poolId: bigint },
) {
  return coordinatorRequest(client, {
    method: "POST",
    path: `/v1/streams/${encodeURIComponent(streamId)}/pools`,
    body: { poolId: poolId.toString() },
    schema: linkPoolResponse,
  });
}
