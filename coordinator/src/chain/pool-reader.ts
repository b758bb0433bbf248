/** Reads one reward pool from the chain (RewardPools.pool), for linking streams to pools. */
import { BaseError, ContractFunctionRevertedError, type PublicClient } from "viem";
import type { ChainPool } from "../store/pool-store.ts";
import type { ContractRef, RewardPoolsAbi } from "./contracts.ts";

export interface PoolReader {
  /** The pool, or undefined when the chain has none with this id. */
  read(poolId: bigint): Promise<ChainPool | undefined>;
}

export function chainPoolReader(
  client: PublicClient,
  rewardPools: ContractRef<RewardPoolsAbi>,
): PoolReader {
  return {
    async read(poolId) {
      try {
        const p = await client.readContract({
          address: rewardPools.address,
          abi: rewardPools.abi,
          functionName: "pool",
          args: [poolId],
        });
        if (/^0x0{40}$/.test(p.owner)) return undefined;
        return { ...p, noticePeriod: Number(p.noticePeriod), closesAt: Number(p.closesAt) };
      } catch (error) {
        if (isPoolNotFound(error)) return undefined;
        throw error;
      }
    },
  };
}

/** Whether a read failed because the chain answered "no such pool" (a revert), not an RPC error. */
export function isPoolNotFound(error: unknown): boolean {
  if (!(error instanceof BaseError)) return false;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  return (
    reverted instanceof ContractFunctionRevertedError && reverted.data?.errorName === "PoolNotFound"
  );
}
