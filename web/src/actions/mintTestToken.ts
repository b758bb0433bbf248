import type { Config } from "wagmi";
import type { Address, TransactionReceipt } from "viem";
import type { Deployment } from "../config/deployment.ts";
import { writeContractAndWait, type OnTxProgress } from "./writeContractAndWait.ts";

/** Mints TestToken to `to` (local and test networks only: the faucet). */
export function mintTestToken(
  config: Config,
  {
    deployment,
    to,
    amount,
    onProgress,
  }: { deployment: Deployment; to: Address; amount: bigint; onProgress?: OnTxProgress },
): Promise<TransactionReceipt[]> {
  const token = deployment.contracts.TestToken;
  if (!token) throw new Error("No TestToken on this chain");
  return writeContractAndWait(
    config,
    [
      {
        address: token.address,
        abi: token.abi,
        functionName: "mint",
        args: [to, amount],
        label: "Mint test tokens",
      },
    ],
    onProgress,
  );
}
