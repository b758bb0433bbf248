import type { Hex } from "viem";
import { signLinkPool } from "../sign/signLinkPool.ts";
import type { TypedDataSigner } from "../sign/TypedDataSigner.ts";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { linkStreamPool } from "./linkStreamPool.ts";

const SIGNATURE_TTL_SECONDS = 600;

/** The pool owner signs `LinkPool` (the wallet asks its user), then the coordinator links it. */
export async function linkOwnedPool(
  client: CoordinatorClient,
  owner: TypedDataSigner,
  {
    chainId,
    streamId,
    poolId,
    now,
  }: { chainId: number; streamId: Hex; poolId: bigint; now: number },
): Promise<{ streamId: `0x${string}`; poolId: bigint }> {
  const deadline = Math.floor(now / 1000) + SIGNATURE_TTL_SECONDS;
  const signature = await signLinkPool(owner, { chainId, streamId, poolId, deadline });
  return linkStreamPool(client, { streamId, poolId, deadline, signature });
}
