import type { Config } from "wagmi";
import type { TransactionReceipt } from "viem";
import { stake as stakeWith, type OnTxProgress } from "@streamrp2p/client";
import type { Deployment } from "../config/deployment.ts";
import { chainClients } from "../lib/chainClients.ts";

/** Stakes `amount` (one permit and one transaction when the token takes permits). */
export async function stake(
  config: Config,
  {
    deployment,
    ...parameters
  }: { deployment: Deployment; onProgress?: OnTxProgress } & { amount: bigint },
): Promise<TransactionReceipt[]> {
  return stakeWith(await chainClients(config, deployment), parameters);
}
