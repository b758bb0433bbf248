import type { Hex } from "viem";
import { coordinatorDomain, linkPoolTypes } from "@streamrp2p/protocol/eip712";
import type { TypedDataSigner } from "./TypedDataSigner.ts";

/** The pool owner's EIP-712 `LinkPool`: consent that `poolId` pays the relays of `streamId`. */
export function signLinkPool(
  owner: TypedDataSigner,
  {
    chainId,
    streamId,
    poolId,
    deadline,
  }: { chainId: number; streamId: Hex; poolId: bigint; deadline: number },
): Promise<Hex> {
  return owner.signTypedData({
    domain: coordinatorDomain(chainId),
    types: linkPoolTypes,
    primaryType: "LinkPool",
    message: { streamId, poolId, deadline: BigInt(deadline) },
  });
}
