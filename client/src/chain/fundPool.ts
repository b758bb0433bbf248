import type { TransactionReceipt } from "viem";
import type { ChainClients } from "./ChainClients.ts";
import { readPool } from "./readPool.ts";
import type { OnTxProgress } from "./sendSteps.ts";
import { spendWithPermitOrApprove } from "./spendWithPermitOrApprove.ts";

/** Adds `amount` of the pool's token to a pool (first funding or top-up), by permit or approve. */
export async function fundPool(
  clients: ChainClients,
  {
    poolId,
    amount,
    onProgress,
  }: { poolId: bigint; amount: bigint; onProgress?: OnTxProgress | undefined },
): Promise<TransactionReceipt[]> {
  const { address, abi } = clients.deployment.contracts.RewardPools;
  const { token } = await readPool(clients, { poolId });
  const account = clients.account;
  return spendWithPermitOrApprove(clients, {
    token,
    spender: address,
    amount,
    label: "Fund pool",
    onProgress,
    withPermit: (p) => async () => {
      const { request } = await clients.public.simulateContract({
        address,
        abi,
        functionName: "fundWithPermit",
        args: [poolId, amount, p.deadline, p.v, p.r, p.s],
        account,
      });
      return clients.wallet.writeContract(request);
    },
    withAllowance: async () => {
      const { request } = await clients.public.simulateContract({
        address,
        abi,
        functionName: "fund",
        args: [poolId, amount],
        account,
      });
      return clients.wallet.writeContract(request);
    },
  });
}
