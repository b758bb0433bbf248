import { parseEventLogs, type Hex, type TransactionReceipt } from "viem";
import type { DeliveryStatement, ManifestEntry } from "@streamrp2p/protocol/eip712";
import type { ChainClients } from "./ChainClients.ts";
import { sendSteps, type OnTxProgress } from "./sendSteps.ts";

/**
 * Reports a relay for tampering (RelayStaking.reportTampering): the origin's signed entry and a
 * relay key's signed statement for the same segment, whose hashes differ. The report pays out
 * only through `executeTampering` after the challenge window, unless disputed.
 */
export async function reportTampering(
  clients: ChainClients,
  {
    entry,
    originSignature,
    statement,
    relaySignature,
    onProgress,
  }: {
    entry: ManifestEntry;
    originSignature: Hex;
    statement: DeliveryStatement;
    relaySignature: Hex;
    onProgress?: OnTxProgress | undefined;
  },
): Promise<{ reportId: bigint; receipts: TransactionReceipt[] }> {
  const { address, abi } = clients.deployment.contracts.RelayStaking;
  const receipts = await sendSteps(
    clients,
    [
      {
        label: "Report tampering",
        send: async () => {
          const { request } = await clients.public.simulateContract({
            address,
            abi,
            functionName: "reportTampering",
            args: [entry, originSignature, statement, relaySignature],
            account: clients.account,
          });
          return clients.wallet.writeContract(request);
        },
      },
    ],
    onProgress,
  );
  const [reported] = parseEventLogs({
    abi,
    eventName: "TamperingReported",
    logs: receipts.at(-1)!.logs,
  });
  if (!reported) throw new Error("reportTampering emitted no TamperingReported event");
  return { reportId: reported.args.reportId, receipts };
}
