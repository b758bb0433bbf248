import type { Address, Hex, TransactionReceipt } from "viem";
import type { ChainClients } from "./ChainClients.ts";
import { sendSteps, type OnTxProgress } from "./sendSteps.ts";

/**
 * Registers a stream on-chain (RelayStaking.registerStream): the caller becomes its owner and
 * `originSigner` the key whose manifest signatures make tampering provable.
 */
export function registerStream(
  clients: ChainClients,
  {
    streamId,
    originSigner,
    onProgress,
  }: { streamId: Hex; originSigner: Address; onProgress?: OnTxProgress | undefined },
): Promise<TransactionReceipt[]> {
  const { address, abi } = clients.deployment.contracts.RelayStaking;
  return sendSteps(
    clients,
    [
      {
        label: "Register stream on-chain",
        send: async () => {
          const { request } = await clients.public.simulateContract({
            address,
            abi,
            functionName: "registerStream",
            args: [streamId, originSigner],
            account: clients.account,
          });
          return clients.wallet.writeContract(request);
        },
      },
    ],
    onProgress,
  );
}
