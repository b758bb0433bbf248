import type { Address, Hex, TransactionReceipt } from "viem";
import type { ChainClients } from "./ChainClients.ts";
import { sendSteps, type OnTxProgress } from "./sendSteps.ts";

/**
 * The operator's wallet (cold) authorizes a relay key (hot): from then on the key's delivery
 * statements and receipt uploads count for the wallet, which alone holds the stake and is paid.
 * `relayKeySignature` is the key's `signRelayKeyAuthorization` for this wallet and `deadline`.
 */
export function authorizeRelayKey(
  clients: ChainClients,
  {
    relayKey,
    deadline,
    relayKeySignature,
    onProgress,
  }: {
    relayKey: Address;
    deadline: number;
    relayKeySignature: Hex;
    onProgress?: OnTxProgress | undefined;
  },
): Promise<TransactionReceipt[]> {
  const { address, abi } = clients.deployment.contracts.RelayStaking;
  return sendSteps(
    clients,
    [
      {
        label: "Authorize relay key",
        send: async () => {
          const { request } = await clients.public.simulateContract({
            address,
            abi,
            functionName: "authorizeRelayKey",
            args: [relayKey, BigInt(deadline), relayKeySignature],
            account: clients.account,
          });
          return clients.wallet.writeContract(request);
        },
      },
    ],
    onProgress,
  );
}
