import type { ChainReader } from "./ChainClients.ts";

/** The shortest notice period (seconds) RewardPools accepts for a new pool. */
export function readMinNoticePeriod(clients: ChainReader): Promise<number> {
  const { address, abi } = clients.deployment.contracts.RewardPools;
  return clients.public.readContract({ address, abi, functionName: "minNoticePeriod" });
}
