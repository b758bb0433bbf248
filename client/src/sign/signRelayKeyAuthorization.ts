import type { Address, Hex } from "viem";
import { relayKeyAuthorizationTypes, relayStakingDomain } from "@streamrp2p/protocol/eip712";
import type { TypedDataSigner } from "./TypedDataSigner.ts";

/**
 * The relay (hot) key's EIP-712 `RelayKeyAuthorization`: its consent to act for `operator`,
 * which the operator's wallet then submits with `authorizeRelayKey`.
 */
export function signRelayKeyAuthorization(
  relayKey: TypedDataSigner,
  {
    chainId,
    stakingAddress,
    operator,
    deadline,
  }: { chainId: number; stakingAddress: Address; operator: Address; deadline: number },
): Promise<Hex> {
  return relayKey.signTypedData({
    domain: relayStakingDomain(chainId, stakingAddress),
    types: relayKeyAuthorizationTypes,
    primaryType: "RelayKeyAuthorization",
    message: { operator, relayKey: relayKey.address, deadline: BigInt(deadline) },
  });
}
