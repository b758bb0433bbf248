import type { Address, TransactionReceipt } from "viem";
import type { ChainClients } from "./ChainClients.ts";
import { sendSteps, type OnTxProgress } from "./sendSteps.ts";

/** The operator's wallet revokes a relay key: its statements and uploads count for nobody. */
export function revokeRelayKey(
  clients: ChainClients,
  { relayKey, onProgress }: { relayKey: Address; onProgress?: OnTxProgress | undefined },
): Promise<TransactionReceipt[]> {
  const { address, abi } = clients.deployment.contracts.RelayStaking;
  return sendSteps(
    clients,
    [
      {
        label: "Revoke relay key",
        send: async () => {
          const { request } = await clients.public.simulateContract({
            address,
            abi,
            functionName: "revokeRelayKey",
            args: [relayKey],
            account: clients.account,
          });
          return clients.wallet.writeContract(request);
        },
      },
    ],
    onProgress,
  );
}
