import type { Address } from "viem";
import type { ChainReader } from "./ChainClients.ts";

/** Ids of the pools `owner` created (RewardPools.PoolCreated, owner indexed), newest first. */
export async function getOwnedPoolIds(
  clients: ChainReader,
  { owner }: { owner: Address },
): Promise<bigint[]> {
  const { address, abi, deployBlock } = clients.deployment.contracts.RewardPools;
  const logs = await clients.public.getContractEvents({
    address,
    abi,
    eventName: "PoolCreated",
    args: { owner },
    fromBlock: BigInt(deployBlock),
  });
  const ids = new Set(logs.map((log) => log.args.poolId));
  return [...ids].filter((id) => id !== undefined).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
}
