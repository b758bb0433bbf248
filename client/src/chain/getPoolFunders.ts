import type { Address } from "viem";
import type { ChainReader } from "./ChainClients.ts";

/** What one account has put into a pool, summed over its `PoolFunded` events. */
export interface PoolFunder {
  readonly funder: Address;
  /** As the pool received it (after any transfer fee). */
  readonly amount: bigint;
  readonly fundings: number;
  readonly lastBlock: bigint;
}

/** Who funded pool `poolId` and how much, from its `PoolFunded` events; largest first. */
export async function getPoolFunders(
  clients: ChainReader,
  { poolId }: { poolId: bigint },
): Promise<PoolFunder[]> {
  const { address, abi, deployBlock } = clients.deployment.contracts.RewardPools;
  const logs = await clients.public.getContractEvents({
    address,
    abi,
    eventName: "PoolFunded",
    args: { poolId },
    fromBlock: BigInt(deployBlock),
  });
  const byFunder = new Map<string, PoolFunder>();
  for (const { args, blockNumber } of logs) {
    if (args.funder === undefined || args.amount === undefined || blockNumber === null) continue;
    const key = args.funder.toLowerCase();
    const seen = byFunder.get(key);
    byFunder.set(key, {
      funder: args.funder,
      amount: (seen?.amount ?? 0n) + args.amount,
      fundings: (seen?.fundings ?? 0) + 1,
      lastBlock: blockNumber,
    });
  }
  return [...byFunder.values()].sort((a, b) =>
    a.amount === b.amount ? 0 : a.amount < b.amount ? 1 : -1,
  );
}
