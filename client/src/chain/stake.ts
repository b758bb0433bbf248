import type { TransactionReceipt } from "viem";
import type { ChainClients } from "./ChainClients.ts";
import type { OnTxProgress } from "./sendSteps.ts";
import { spendWithPermitOrApprove } from "./spendWithPermitOrApprove.ts";

/**
 * Stakes `amount` of the staking token in RelayStaking: one permit signature and one
 * transaction when the token takes ERC-2612 permits, else approve (if short) then stake.
 */
export async function stake(
  clients: ChainClients,
  { amount, onProgress }: { amount: bigint; onProgress?: OnTxProgress | undefined },
): Promise<TransactionReceipt[]> {
  const { address, abi } = clients.deployment.contracts.RelayStaking;
  const token = await clients.public.readContract({ address, abi, functionName: "stakeToken" });
  const account = clients.account;
  return spendWithPermitOrApprove(clients, {
    token,
    spender: address,
    amount,
    label: "Stake",
    onProgress,
    withPermit: (p) => async () => {
      const { request } = await clients.public.simulateContract({
        address,
        abi,
        functionName: "stakeWithPermit",
        args: [amount, p.deadline, p.v, p.r, p.s],
        account,
      });
      return clients.wallet.writeContract(request);
    },
    withAllowance: async () => {
      const { request } = await clients.public.simulateContract({
        address,
        abi,
        functionName: "stake",
        args: [amount],
        account,
      });
      return clients.wallet.writeContract(request);
    },
  });
}
