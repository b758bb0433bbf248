import type { ChainReader } from "./ChainClients.ts";

/** Ids of every pool ever created (1..poolCount), newest first. */
export async function getPoolIds(clients: ChainReader): Promise<bigint[]> {
  const { address, abi } = clients.deployment.contracts.RewardPools;
  const count = await clients.public.readContract({ address, abi, functionName: "poolCount" });
  const ids: bigint[] = [];
  for (let id = count; id >= 1n; id--) ids.push(id);
  return ids;
}
