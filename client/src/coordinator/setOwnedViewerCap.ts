import { signSetViewerCap } from "../sign/signSetViewerCap.ts";
import type { TypedDataSigner } from "../sign/TypedDataSigner.ts";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { setViewerCap } from "./setViewerCap.ts";

const SIGNATURE_TTL_SECONDS = 600;

/**
 * The pool owner signs `SetViewerCap` (the wallet asks its user), then the coordinator stores
 * it. The nonce is `now` in ms: later signatures carry larger nonces, so an older one can never
 * be replayed over them.
 */
export async function setOwnedViewerCap(
  client: CoordinatorClient,
  owner: TypedDataSigner,
  {
    chainId,
    poolId,
    maxViewers,
    now,
  }: { chainId: number; poolId: bigint; maxViewers: number; now: number },
): Promise<{ poolId: bigint; maxViewers: number; nonce: number }> {
  const nonce = Math.floor(now);
  const deadline = Math.floor(now / 1000) + SIGNATURE_TTL_SECONDS;
  const signature = await signSetViewerCap(owner, {
    chainId,
    poolId,
    maxViewers,
    nonce,
    deadline,
  });
  return setViewerCap(client, { poolId, maxViewers, nonce, deadline, signature });
}
