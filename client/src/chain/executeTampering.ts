import { parseEventLogs, type TransactionReceipt } from "viem";
import type { ChainClients } from "./ChainClients.ts";
import { sendSteps, type OnTxProgress } from "./sendSteps.ts";

/**
 * Executes an undisputed tamper report after its challenge window
 * (RelayStaking.executeTampering): the operator is slashed and jailed. Resolves to the amount
 * slashed (from TamperingExecuted).
 */
export async function executeTampering(
  clients: ChainClients,
  { reportId, onProgress }: { reportId: bigint; onProgress?: OnTxProgress | undefined },
): Promise<{ slashed: bigint; receipts: TransactionReceipt[] }> {
  const { address, abi } = clients.deployment.contracts.RelayStaking;
  const receipts = await sendSteps(
    clients,
    [
      {
        label: "Execute tamper report",
        send: async () => {
          const { request } = await clients.public.simulateContract({
            address,
            abi,
            functionName: "executeTampering",
            args: [reportId],
            account: clients.account,
          });
          return clients.wallet.writeContract(request);
        },
      },
    ],
    onProgress,
  );
  const [executed] = parseEventLogs({
    abi,
    eventName: "TamperingExecuted",
    logs: receipts.at(-1)!.logs,
  });
  return { slashed: executed?.args.slashed ?? 0n, receipts };
}
