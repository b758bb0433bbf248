import type { Address } from "viem";
import type { ChainReader } from "./ChainClients.ts";

/** What `account` has already claimed from `poolId` (RewardPools.claimed). */
export async function readClaimed(
  clients: ChainReader,
  { poolId, account }: { poolId: bigint; account: Address },
): Promise<{ cumulativeBytes: bigint; cumulativeAmount: bigint }> {
  const { address, abi } = clients.deployment.contracts.RewardPools;
  const [cumulativeBytes, cumulativeAmount] = await clients.public.readContract({
    address,
    abi,
    functionName: "claimed",
    args: [poolId, account],
  });
  return { cumulativeBytes, cumulativeAmount };
}
