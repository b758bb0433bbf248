/**
 * Stream ids are bound to their owner: `keccak256(abi.encode(owner, salt))`, the id
 * `RelayStaking.registerStream(salt, originSigner)` derives from its caller. Nobody but the
 * owner can register (or create at the coordinator) a stream under that id.
 */
import { encodeAbiParameters, keccak256, type Address, type Hex } from "viem";

export function streamIdOf(owner: Address, salt: Hex): Hex {
  return keccak256(encodeAbiParameters([{ type: "address" }, { type: "bytes32" }], [owner, salt]));
}
