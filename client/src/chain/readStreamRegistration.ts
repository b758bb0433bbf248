import { zeroAddress, type Address, type Hex } from "viem";
import type { ChainReader } from "./ChainClients.ts";

/** A stream's on-chain owner and origin signer (RelayStaking.streamOf); undefined if unregistered. */
export async function readStreamRegistration(
  clients: ChainReader,
  { streamId }: { streamId: Hex },
): Promise<{ owner: Address; originSigner: Address } | undefined> {
  const { address, abi } = clients.deployment.contracts.RelayStaking;
  const [owner, originSigner] = await clients.public.readContract({
    address,
    abi,
    functionName: "streamOf",
    args: [streamId],
  });
  return owner === zeroAddress ? undefined : { owner, originSigner };
}
