/**
 * The contracts the coordinator reads, typed with the ABIs of the generated
 * @streamrp2p/deployments module (no widening to `Abi`), and the chain client that reads them.
 */
import type { PublicClient } from "viem";
import type { Deployment } from "@streamrp2p/deployments";

export type RewardPoolsAbi = Deployment["contracts"]["RewardPools"]["abi"];
export type RelayStakingAbi = Deployment["contracts"]["RelayStaking"]["abi"];

export interface ContractRef<TAbi> {
  address: `0x${string}`;
  abi: TAbi;
}

export interface CoordinatorChain {
  client: PublicClient;
  rewardPools: ContractRef<RewardPoolsAbi>;
  staking: ContractRef<RelayStakingAbi>;
  /** First block the chain watcher scans when nothing was processed yet (the deploy block). */
  startBlock: bigint;
}

/** The chain of a deployment, at the configured addresses. */
export function coordinatorChain(
  client: PublicClient,
  deployment: Deployment,
  addresses: { rewardPools: `0x${string}`; staking: `0x${string}` },
): CoordinatorChain {
  return {
    client,
    rewardPools: { address: addresses.rewardPools, abi: deployment.contracts.RewardPools.abi },
    staking: { address: addresses.staking, abi: deployment.contracts.RelayStaking.abi },
    startBlock: BigInt(deployment.contracts.RewardPools.deployBlock),
  };
}
