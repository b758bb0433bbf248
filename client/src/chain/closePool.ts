import type { TransactionReceipt } from "viem";
import type { ChainClients } from "./ChainClients.ts";
import { sendSteps, type OnTxProgress } from "./sendSteps.ts";

/** Closes a pool: its notice period starts; claims still pay until it ends. */
export function closePool(
  clients: ChainClients,
  { poolId, onProgress }: { poolId: bigint; onProgress?: OnTxProgress | undefined },
): Promise<TransactionReceipt[]> {
  const { address, abi } = clients.deployment.contracts.RewardPools;
  return sendSteps(
    clients,
    [
      {
        label: "Close pool",
        send: async () => {
          const { request } = await clients.public.simulateContract({
            address,
            abi,
            functionName: "closePool",
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
