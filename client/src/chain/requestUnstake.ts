import type { TransactionReceipt } from "viem";
import type { ChainClients } from "./ChainClients.ts";
import { sendSteps, type OnTxProgress } from "./sendSteps.ts";

/** Starts unbonding `amount` of bonded stake; withdraw it after the unbonding period. */
export function requestUnstake(
  clients: ChainClients,
  { amount, onProgress }: { amount: bigint; onProgress?: OnTxProgress | undefined },
): Promise<TransactionReceipt[]> {
  const { address, abi } = clients.deployment.contracts.RelayStaking;
  return sendSteps(
    clients,
    [
      {
        label: "Request unstake",
        send: async () => {
          const { request } = await clients.public.simulateContract({
            address,
            abi,
            functionName: "requestUnstake",
            args: [amount],
            account: clients.account,
          });
          return clients.wallet.writeContract(request);
        },
      },
    ],
    onProgress,
  );
}
