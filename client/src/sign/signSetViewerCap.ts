import type { Hex } from "viem";
import { coordinatorDomain, setViewerCapTypes } from "@streamrp2p/protocol/eip712";
import type { TypedDataSigner } from "./TypedDataSigner.ts";

/**
 * The pool owner's EIP-712 `SetViewerCap`: the pool pays at most `maxViewers` viewer sessions
 * per epoch (0 = no cap). `nonce` must exceed the one the coordinator last accepted for the pool.
 */
export function signSetViewerCap(
  owner: TypedDataSigner,
  {
    chainId,
    poolId,
    maxViewers,
    nonce,
    deadline,
  }: { chainId: number; poolId: bigint; maxViewers: number; nonce: number; deadline: number },
): Promise<Hex> {
  return owner.signTypedData({
    domain: coordinatorDomain(chainId),
    types: setViewerCapTypes,
    primaryType: "SetViewerCap",
    message: { poolId, maxViewers, nonce: BigInt(nonce), deadline: BigInt(deadline) },
  });
}
