import type { TransactionReceipt } from "viem";
import type { ChainClients } from "./ChainClients.ts";
import { sendSteps, type OnTxProgress } from "./sendSteps.ts";

/** Returns what is left in a closed pool to its owner, once the notice period has passed. */
export function reclaimPool(
  clients: ChainClients,
  { poolId, onProgress }: { poolId: bigint; onProgress?: OnTxProgress | undefined },
): Promise<TransactionReceipt[]> {
  const { address, abi } = clients.deployment.contracts.RewardPools;
  return sendSteps(
    clients,
    [
      {
        label: "Reclaim",
        send: async () => {
          const { request } = await clients.public.simulateContract({
            address,
            abi,
            functionName: "reclaim",
            args: [poolId],
            account: clients.account,
          });
          return clients.wallet.writeContract(request);
        },
      },
    ],
    onProgress,
  );
}
