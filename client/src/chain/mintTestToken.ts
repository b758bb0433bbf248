import type { Address, TransactionReceipt } from "viem";
import type { ChainClients } from "./ChainClients.ts";
import { sendSteps, type OnTxProgress } from "./sendSteps.ts";
import { testToken } from "./testToken.ts";

/** Mints TestToken to `to` (local and test networks only: the faucet). */
export function mintTestToken(
  clients: ChainClients,
  {
    to,
    amount,
    onProgress,
  }: { to: Address; amount: bigint; onProgress?: OnTxProgress | undefined },
): Promise<TransactionReceipt[]> {
  const token = testToken(clients.deployment);
  if (!token) throw new Error(`No TestToken on chain ${clients.deployment.chainId}`);
  return sendSteps(
    clients,
    [
      {
        label: "Mint test tokens",
        send: async () => {
          const { request } = await clients.public.simulateContract({
            address: token.address,
            abi: token.abi,
            functionName: "mint",
            args: [to, amount],
            account: clients.account,
          });
          return clients.wallet.writeContract(request);
        },
      },
    ],
    onProgress,
  );
}
