import { linkPoolResponse } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

/**
 * POST /v1/streams/:streamId/pools: makes a pool pay for a stream's relays; the pool's on-chain
 * owner must be the stream's owner.
 */
export async function linkStreamPool(
  client: CoordinatorClient,
  { streamId, poolId }: { streamId: string; poolId: bigint },
): Promise<{ streamId: `0x${string}`; poolId: bigint }> {
  const linked = await coordinatorRequest(client, {
    method: "POST",
    path: `/v1/streams/${encodeURIComponent(streamId)}/pools`,
    body: { poolId: poolId.toString() },
    schema: linkPoolResponse,
  });
  return { streamId: linked.streamId, poolId: BigInt(linked.poolId) };
}
