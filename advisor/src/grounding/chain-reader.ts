/**
 * Chain reads the advisors use beside the coordinator's figures: a pool as RewardPools holds
 * it (the balance is authoritative on-chain), the number of pools, and a relay's stake. ABIs
 * and default addresses come from the generated deployments module.
 */
import { createPublicClient, http, type PublicClient } from "viem";
import { getDeployment } from "@streamrp2p/deployments";
import { AdvisorError } from "../errors.ts";

export interface ChainPoolInfo {
  owner: `0x${string}`;
  token: `0x${string}`;
  ratePerGB: string;
  maxRatePerGB: string;
  epochBudget: string;
  noticePeriod: number;
  balance: string;
  closesAt: number;
}

export interface ChainStake {
  bonded: string;
  unbonding: string;
  releaseTime: number;
  jailed: boolean;
  active: boolean;
}

export interface ChainReader {
  readonly chainId: number;
  blockNumber(): Promise<string>;
  poolCount(): Promise<string>;
  pool(poolId: bigint): Promise<ChainPoolInfo | undefined>;
  stake(relay: `0x${string}`): Promise<ChainStake>;
}

export interface ChainReaderOptions {
  rpcUrl?: string;
  client?: PublicClient;
  chainId: number;
  rewardPoolsAddress?: `0x${string}`;
  stakingAddress?: `0x${string}`;
}

const ZERO = /^0x0{40}$/i;

export function createChainReader(options: ChainReaderOptions): ChainReader {
  const deployment = getDeployment(options.chainId);
  const rewardPools = {
    address: options.rewardPoolsAddress ?? deployment.contracts.RewardPools.address,
    abi: deployment.contracts.RewardPools.abi,
  };
  const staking = {
    address: options.stakingAddress ?? deployment.contracts.RelayStaking.address,
    abi: deployment.contracts.RelayStaking.abi,
  };
  const client = options.client ?? createPublicClient({ transport: http(options.rpcUrl) });

  async function read<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (cause) {
      throw new AdvisorError("CHAIN_UNAVAILABLE", `chain read failed: ${what}`, { cause });
    }
  }

  return {
    chainId: options.chainId,
    blockNumber: () => read("blockNumber", async () => (await client.getBlockNumber()).toString()),
    poolCount: () =>
      read("RewardPools.poolCount", async () =>
        (
          await client.readContract({ ...rewardPools, functionName: "poolCount", args: [] })
        ).toString(),
      ),
    pool: (poolId) =>
      read(`RewardPools.pool(${poolId})`, async () => {
        try {
          const p = await client.readContract({
            ...rewardPools,
            functionName: "pool",
            args: [poolId],
          });
          if (ZERO.test(p.owner)) return undefined;
          return {
            owner: p.owner.toLowerCase() as `0x${string}`,
            token: p.token.toLowerCase() as `0x${string}`,
            ratePerGB: p.ratePerGB.toString(),
            maxRatePerGB: p.maxRatePerGB.toString(),
            epochBudget: p.epochBudget.toString(),
            noticePeriod: Number(p.noticePeriod),
            balance: p.balance.toString(),
            closesAt: Number(p.closesAt),
          };
        } catch (error) {
          if (/PoolNotFound/.test(String(error))) return undefined;
          throw error;
        }
      }),
    stake: (relay) =>
      read(`RelayStaking.stakeOf(${relay})`, async () => {
        const [[bonded, unbonding, releaseTime, jailed], active] = await Promise.all([
          client.readContract({ ...staking, functionName: "stakeOf", args: [relay] }),
          client.readContract({ ...staking, functionName: "isActive", args: [relay] }),
        ]);
        return {
          bonded: bonded.toString(),
          unbonding: unbonding.toString(),
          releaseTime: Number(releaseTime),
          jailed,
          active,
        };
      }),
  };
}
