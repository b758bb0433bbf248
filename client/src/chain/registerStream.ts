import type { Address, Hex, TransactionReceipt } from "viem";
import { streamIdOf } from "@streamrp2p/protocol/stream-id";
import type { ChainClients } from "./ChainClients.ts";
import { sendSteps, type OnTxProgress } from "./sendSteps.ts";

/**
 * Registers a stream on-chain (RelayStaking.registerStream): the caller becomes its owner, the
 * id is derived from the caller and `salt` (`streamIdOf`), so nobody else can register it, and
 * `originSigner` is the key whose manifest signatures make tampering provable.
 */
export async function registerStream(
  clients: ChainClients,
  {
    salt,
    originSigner,
    onProgress,
  }: { salt: Hex; originSigner: Address; onProgress?: OnTxProgress | undefined },
): Promise<{ streamId: Hex; receipts: TransactionReceipt[] }> {
  const { address, abi } = clients.deployment.contracts.RelayStaking;
  const receipts = await sendSteps(
    clients,
    [
      {
        label: "Register stream on-chain",
        send: async () => {
          const { request } = await clients.public.simulateContract({
            address,
            abi,
            functionName: "registerStream",
            args: [salt, originSigner],
            account: clients.account,
          });
          return clients.wallet.writeContract(request);
        },
      },
    ],
    onProgress,
  );
  return { streamId: streamIdOf(clients.account.address, salt), receipts };
}
