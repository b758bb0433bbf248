import type { Config } from "wagmi";
import { readContract } from "wagmi/actions";
import type { Address } from "viem";
import type { Deployment } from "../config/deployment.ts";
import { namedResult, pickAddress, pickBigint, pickBoolean } from "../lib/namedResult.ts";

export interface Pool {
  readonly poolId: bigint;
  readonly owner: Address;
  readonly token: Address;
  /** Token base units per GB delivered. */
  readonly ratePerGB: bigint;
  readonly maxRatePerGB: bigint;
  /** Most the pool pays per epoch (0 = no limit). */
  readonly epochBudget: bigint;
  /** Seconds between closing and the owner's reclaim. */
  readonly noticePeriod: bigint;
  /** Tokens in the pool not yet claimed. */
  readonly balance: bigint;
  /** Unix seconds when the owner closed it (0 = open). */
  readonly closedAt: bigint;
  readonly closed: boolean;
}

/** Reads one pool's on-chain state (RewardPools.pool(poolId)). */
export async function readPool(config: Config, { deployment, poolId }: { deployment: Deployment; poolId: bigint }): Promise<Pool> {
  const { address, abi } = deployment.contracts.RewardPools;
  const raw = await readContract(config, { address, abi, functionName: "pool", args: [poolId] });
  const fields = namedResult(abi, "pool", raw);
  const owner = pickAddress(fields, ["owner", "streamer", "creator"]);
  const token = pickAddress(fields, ["token", "asset"]);
  if (!owner || !token || owner === "0x0000000000000000000000000000000000000000") {
    throw new PoolNotFoundError(poolId);
  }
  const closedAt = pickBigint(fields, ["closedAt", "closingAt", "closeRequestedAt", "closesAt"]) ?? 0n;
  return {
    poolId,
    owner,
    token,
    ratePerGB: pickBigint(fields, ["ratePerGB", "rate"]) ?? 0n,
    maxRatePerGB: pickBigint(fields, ["maxRatePerGB", "maxRate"]) ?? 0n,
    epochBudget: pickBigint(fields, ["epochBudget", "budget"]) ?? 0n,
    noticePeriod: pickBigint(fields, ["noticePeriod", "notice"]) ?? 0n,
    balance: pickBigint(fields, ["balance", "funds", "available", "remaining"]) ?? 0n,
    closedAt,
    closed: pickBoolean(fields, ["closed", "closing"]) ?? closedAt > 0n,
  };
}

export class PoolNotFoundError extends Error {
  override name = "PoolNotFoundError";
  readonly poolId: bigint;
  constructor(poolId: bigint) {
    super(`Pool ${poolId} does not exist`);
    this.poolId = poolId;
  }
}
