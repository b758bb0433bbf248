import type { Address, Hash, TransactionReceipt } from "viem";
import type { ChainClients } from "./ChainClients.ts";
import { readToken } from "./readToken.ts";
import { sendSteps, type OnTxProgress, type TxStep } from "./sendSteps.ts";
import { signPermit, type Permit } from "./signPermit.ts";
import { tokenAbi } from "./tokenAbi.ts";

/**
 * Moves `amount` of `token` into `spender` through one of its functions: the permit variant in
 * one transaction when the token takes ERC-2612 permits, else an approve (only when the
 * allowance is short) and then the plain call. Stake and fund are both this flow.
 */
export async function spendWithPermitOrApprove(
  clients: ChainClients,
  {
    token,
    spender,
    amount,
    label,
    withPermit,
    withAllowance,
    onProgress,
  }: {
    token: Address;
    spender: Address;
    amount: bigint;
    label: string;
    withPermit: (permit: Permit) => () => Promise<Hash>;
    withAllowance: () => Promise<Hash>;
    onProgress?: OnTxProgress | undefined;
  },
): Promise<TransactionReceipt[]> {
  const state = await readToken(clients, { token, account: clients.account.address, spender });
  if (state.permit) {
    const permit = await signPermit(clients, { token, spender, value: amount });
    return sendSteps(clients, [{ label, send: withPermit(permit) }], onProgress);
  }
  const steps: TxStep[] = [];
  if (state.allowance < amount) {
    steps.push({
      label: `Approve ${state.symbol}`,
      send: async () => {
        const { request } = await clients.public.simulateContract({
          address: token,
          abi: tokenAbi,
          functionName: "approve",
          args: [spender, amount],
          account: clients.account,
        });
        return clients.wallet.writeContract(request);
      },
    });
  }
  steps.push({ label, send: withAllowance });
  return sendSteps(clients, steps, onProgress);
}
