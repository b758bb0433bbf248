import type { TransactionReceipt } from "viem";
import type { ChainClients } from "./ChainClients.ts";
import { sendSteps, type OnTxProgress } from "./sendSteps.ts";

/** Withdraws stake whose unbonding period is over (RelayStaking.withdraw). */
export function withdrawStake(
  clients: ChainClients,
  { onProgress }: { onProgress?: OnTxProgress | undefined } = {},
): Promise<TransactionReceipt[]> {
  const { address, abi } = clients.deployment.contracts.RelayStaking;
  return sendSteps(
    clients,
    [
      {
        label: "Withdraw",
        send: async () => {
          const { request } = await clients.public.simulateContract({
            address,
            abi,
            functionName: "withdraw",
            account: clients.account,
          });
          return clients.wallet.writeContract(request);
        },
      },
    ],
    onProgress,
  );
}
