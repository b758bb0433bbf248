/** Streamer actions on RewardPools: create and fund pools. */
import { decodeEventLog, type Address } from "viem";
import type { ChainClients } from "./clients.ts";
import { spendWithPermitOrApprove } from "./permit.ts";
import { send, type SentTransaction } from "./send.ts";

export interface NewPool {
  token: Address;
  ratePerGB: bigint;
  maxRatePerGB: bigint;
  epochBudget: bigint;
  noticePeriod: number;
}

function rewardPools(clients: ChainClients) {
  return clients.deployment.contracts.RewardPools;
}

export async function createPool(
  clients: ChainClients,
  pool: NewPool,
): Promise<SentTransaction & { poolId: bigint }> {
  const { address, abi } = rewardPools(clients);
  const sent = await send(clients, "createPool", {
    address,
    abi,
    functionName: "createPool",
    args: [pool.token, pool.ratePerGB, pool.maxRatePerGB, pool.epochBudget, pool.noticePeriod],
  });
  for (const log of sent.receipt.logs) {
    if (log.address.toLowerCase() !== address) continue;
    const event = decodeEventLog({ abi, data: log.data, topics: log.topics, strict: false });
    if (event.eventName === "PoolCreated") {
      return { ...sent, poolId: (event.args as unknown as { poolId: bigint }).poolId };
    }
  }
  throw new Error(`createPool ${sent.hash}: no PoolCreated event`);
}

export async function fundPool(
  clients: ChainClients,
  poolId: bigint,
  token: Address,
  amount: bigint,
): Promise<SentTransaction> {
  const { address, abi } = rewardPools(clients);
  return spendWithPermitOrApprove(clients, "fund", {
    token,
    spender: address,
    amount,
    withPermit: (p) => ({
      address,
      abi,
      functionName: "fundWithPermit",
      args: [poolId, amount, p.deadline, p.v, p.r, p.s],
    }),
    withAllowance: { address, abi, functionName: "fund", args: [poolId, amount] },
  });
}
