import type { Hex, TransactionReceipt } from "viem";
import type { ManifestEntry } from "@streamrp2p/protocol/eip712";
import type { ChainClients } from "./ChainClients.ts";
import { sendSteps, type OnTxProgress } from "./sendSteps.ts";

/**
 * Voids a pending tamper report (RelayStaking.disputeTampering) with the origin's other signed
 * entry for the reported segment, whose hash is the one the relay stated: the origin
 * equivocated, not the relay. Anyone may send it; a relay sends it for its own operator.
 */
export function disputeTampering(
  clients: ChainClients,
  {
    reportId,
    entry,
    signature,
    onProgress,
  }: {
    reportId: bigint;
    entry: ManifestEntry;
    signature: Hex;
    onProgress?: OnTxProgress | undefined;
  },
): Promise<TransactionReceipt[]> {
  const { address, abi } = clients.deployment.contracts.RelayStaking;
  return sendSteps(
    clients,
    [
      {
        label: "Dispute tamper report",
        send: async () => {
          const { request } = await clients.public.simulateContract({
            address,
            abi,
            functionName: "disputeTampering",
            args: [reportId, entry, signature],
            account: clients.account,
          });
          return clients.wallet.writeContract(request);
        },
      },
    ],
    onProgress,
  );
}
