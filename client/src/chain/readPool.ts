import { zeroAddress, type Address } from "viem";
import { PoolNotFoundError } from "../errors/PoolNotFoundError.ts";
import type { ChainReader } from "./ChainClients.ts";

/** IRewardPools.PoolInfo, plus its id and whether the owner has closed it. */
export interface Pool {
  readonly poolId: bigint;
  readonly owner: Address;
  readonly token: Address;
  /** Token base units per 10^9 bytes delivered (what the coordinator pays). */
  readonly ratePerGB: bigint;
  /** The on-chain ceiling per 10^9 bytes. */
  readonly maxRatePerGB: bigint;
  /** Most the coordinator attests per epoch (0 = no limit). */
  readonly epochBudget: bigint;
  /** Seconds claims keep paying after the owner closes the pool. */
  readonly noticePeriod: number;
  readonly balance: bigint;
  /** Unix seconds when claims stop (0 while open). */
  readonly closesAt: number;
  readonly closed: boolean;
}

/** Reads one pool (RewardPools.pool(poolId)); PoolNotFoundError when it does not exist. */
export async function readPool(
  clients: ChainReader,
  { poolId }: { poolId: bigint },
): Promise<Pool> {
  const { address, abi } = clients.deployment.contracts.RewardPools;
  const info = await clients.public.readContract({
    address,
    abi,
    functionName: "pool",
    args: [poolId],
  });
  if (info.owner === zeroAddress) throw new PoolNotFoundError(poolId);
  return { poolId, ...info, closed: info.closesAt > 0 };
}
