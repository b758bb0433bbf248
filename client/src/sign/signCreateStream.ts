import type { Address, Hex } from "viem";
import { coordinatorDomain, createStreamTypes } from "@streamrp2p/protocol/eip712";
import type { TypedDataSigner } from "./TypedDataSigner.ts";

export interface CreateStreamMessage {
  salt: Hex;
  originAddress: Address;
  /** Exactly as sent (trimmed): the signature covers it. */
  name: string;
  /** Most bits per second the stream may publish. */
  maxBitrate: number;
  /** Unix seconds after which the coordinator refuses the signature. */
  deadline: number;
}

/** The owner's EIP-712 `CreateStream`: proves the wallet asks for a stream in its own name. */
export function signCreateStream(
  owner: TypedDataSigner,
  { chainId, message }: { chainId: number; message: CreateStreamMessage },
): Promise<Hex> {
  return owner.signTypedData({
    domain: coordinatorDomain(chainId),
    types: createStreamTypes,
    primaryType: "CreateStream",
    message: {
      owner: owner.address,
      salt: message.salt,
      originAddress: message.originAddress,
      name: message.name,
      maxBitrate: BigInt(message.maxBitrate),
      deadline: BigInt(message.deadline),
    },
  });
}
