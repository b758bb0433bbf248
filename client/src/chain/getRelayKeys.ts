import { isAddressEqual, type Address } from "viem";
import type { ChainReader } from "./ChainClients.ts";

/**
 * The relay keys `operator` has authorized and not revoked: every key of its
 * RelayKeyAuthorized events (operator indexed) whose `operatorOf` still names it, oldest first.
 */
export async function getRelayKeys(
  clients: ChainReader,
  { operator }: { operator: Address },
): Promise<Address[]> {
  const { address, abi, deployBlock } = clients.deployment.contracts.RelayStaking;
  const logs = await clients.public.getContractEvents({
    address,
    abi,
    eventName: "RelayKeyAuthorized",
    args: { operator },
    fromBlock: BigInt(deployBlock),
  });
  const keys = [
    ...new Set(logs.map((log) => log.args.relayKey).filter((key) => key !== undefined)),
  ];
  const operators = await Promise.all(
    keys.map((relayKey) =>
      clients.public.readContract({ address, abi, functionName: "operatorOf", args: [relayKey] }),
    ),
  );
  return keys.filter((_, i) => isAddressEqual(operators[i]!, operator));
}
