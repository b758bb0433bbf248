import type { Config } from "wagmi";
import { readContract } from "wagmi/actions";
import { zeroAddress, type Address } from "viem";
import type { Deployment } from "../config/deployment.ts";
import { namedResult, pickAddress, pickBigint } from "../lib/namedResult.ts";

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
  readonly noticePeriod: bigint;
  readonly balance: bigint;
  /** Unix seconds when claims stop (0 while open). */
  readonly closesAt: bigint;
  readonly closed: boolean;
}

export class PoolNotFoundError extends Error {
  override name = "PoolNotFoundError";
  readonly poolId: bigint;
  constructor(poolId: bigint) {
    super(`Pool ${poolId} does not exist`);
    this.poolId = poolId;
  }
}

/** Reads one pool (RewardPools.pool(poolId)); PoolNotFoundError when it does not exist. */
export async function readPool(
  config: Config,
  { deployment, poolId }: { deployment: Deployment; poolId: bigint },
): Promise<Pool> {
  const { address, abi } = deployment.contracts.RewardPools;
  const info = namedResult(
    abi,
    "pool",
    await readContract(config, { address, abi, functionName: "pool", args: [poolId] }),
  );
  const owner = pickAddress(info, ["owner"]);
  const token = pickAddress(info, ["token"]);
  if (!owner || !token || owner === zeroAddress) throw new PoolNotFoundError(poolId);
  const closesAt = pickBigint(info, ["closesAt"]) ?? 0n;
  return {
    poolId,
    owner,
    token,
    ratePerGB: pickBigint(info, ["ratePerGB"]) ?? 0n,
    maxRatePerGB: pickBigint(info, ["maxRatePerGB"]) ?? 0n,
    epochBudget: pickBigint(info, ["epochBudget"]) ?? 0n,
    noticePeriod: pickBigint(info, ["noticePeriod"]) ?? 0n,
    balance: pickBigint(info, ["balance"]) ?? 0n,
    closesAt,
    closed: closesAt > 0n,
  };
}
