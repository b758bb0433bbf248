import type { Hex } from "viem";
import { linkPoolResponse } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

/**
 * POST /v1/streams/:streamId/pools: makes a pool pay for a stream's relays. `signature` is the
 * pool's on-chain owner's `signLinkPool` (the owner must also own the stream).
 */
export async function linkStreamPool(
  client: CoordinatorClient,
  {
    streamId,
    poolId,
    deadline,
    signature,
  }: { streamId: string; poolId: bigint; deadline: number; signature: Hex },
): Promise<{ streamId: `0x${string}`; poolId: bigint }> {
  const linked = await coordinatorRequest(client, {
    method: "POST",
    path: `/v1/streams/${encodeURIComponent(streamId)}/pools`,
    body: { poolId: poolId.toString(), deadline, signature },
    schema: linkPoolResponse,
  });
  return { streamId: linked.streamId, poolId: BigInt(linked.poolId) };
}
