/** What the chain says, read directly with viem, to check what the web app shows. */
import type { Address } from "viem";
import type { ChainClients } from "@streamrp2p/client";

export function tokenBalance(clients: ChainClients, owner: Address): Promise<bigint> {
  const token = clients.deployment.contracts.TestToken!;
  return clients.public.readContract({
    address: token.address,
    abi: token.abi,
    functionName: "balanceOf",
    args: [owner],
  }) as Promise<bigint>;
}

export async function readPool(
  clients: ChainClients,
  poolId: bigint,
): Promise<{ owner: Address; balance: bigint }> {
  const { address, abi } = clients.deployment.contracts.RewardPools;
  return (await clients.public.readContract({
    address,
    abi,
    functionName: "pool",
    args: [poolId],
  })) as { owner: Address; balance: bigint };
}

export async function poolCount(clients: ChainClients): Promise<bigint> {
  const { address, abi } = clients.deployment.contracts.RewardPools;
  return (await clients.public.readContract({ address, abi, functionName: "poolCount" })) as bigint;
}

/** RewardPools.claimed(poolId, account).cumulativeAmount. */
export async function claimedAmount(
  clients: ChainClients,
  poolId: bigint,
  account: Address,
): Promise<bigint> {
  const { address, abi } = clients.deployment.contracts.RewardPools;
  const [, cumulativeAmount] = (await clients.public.readContract({
    address,
    abi,
    functionName: "claimed",
    args: [poolId, account],
  })) as readonly [bigint, bigint];
  return cumulativeAmount;
}

/** RelayStaking.stakeOf(operator).bonded. */
export async function bondedStake(clients: ChainClients, operator: Address): Promise<bigint> {
  const { address, abi } = clients.deployment.contracts.RelayStaking;
  const [bonded] = (await clients.public.readContract({
    address,
    abi,
    functionName: "stakeOf",
    args: [operator],
  })) as readonly [bigint, bigint, bigint, boolean];
  return bonded;
}
