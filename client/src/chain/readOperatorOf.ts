import { zeroAddress, type Address } from "viem";
import type { ChainReader } from "./ChainClients.ts";

/** The wallet a relay key acts for, or undefined when the key is not (or no longer) authorized. */
export async function readOperatorOf(
  reader: ChainReader,
  relayKey: Address,
): Promise<Address | undefined> {
  const { address, abi } = reader.deployment.contracts.RelayStaking;
  const operator = await reader.public.readContract({
    address,
    abi,
    functionName: "operatorOf",
    args: [relayKey],
  });
  return operator === zeroAddress ? undefined : operator;
}
