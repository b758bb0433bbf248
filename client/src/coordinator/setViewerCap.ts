import type { Hex } from "viem";
import { setViewerCapResponse } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

/**
 * POST /v1/pools/:poolId/viewer-cap: the most viewer sessions the pool pays per epoch (0 = no
 * cap). `signature` is the pool owner's `signSetViewerCap` over the same fields.
 */
export async function setViewerCap(
  client: CoordinatorClient,
  {
    poolId,
    maxViewers,
    nonce,
    deadline,
    signature,
  }: { poolId: bigint; maxViewers: number; nonce: number; deadline: number; signature: Hex },
): Promise<{ poolId: bigint; maxViewers: number; nonce: number }> {
  const set = await coordinatorRequest(client, {
    method: "POST",
    path: `/v1/pools/${poolId.toString()}/viewer-cap`,
    body: { maxViewers, nonce, deadline, signature },
    schema: setViewerCapResponse,
  });
  return { poolId: BigInt(set.poolId), maxViewers: set.maxViewers, nonce: set.nonce };
}
