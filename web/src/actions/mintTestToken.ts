import type { Config } from "wagmi";
import type { Address, TransactionReceipt } from "viem";
import { mintTestToken as mintTestTokenWith, type OnTxProgress } from "@streamrp2p/client";
import type { Deployment } from "../config/deployment.ts";
import { chainClients } from "../lib/chainClients.ts";

/** Mints TestToken to `to` (local and test networks only: the faucet). */
export async function mintTestToken(
  config: Config,
  {
    deployment,
    ...parameters
  }: { deployment: Deployment; onProgress?: OnTxProgress } & { to: Address; amount: bigint },
): Promise<TransactionReceipt[]> {
  return mintTestTokenWith(await chainClients(config, deployment), parameters);
}
