import type { Config } from "wagmi";
import type { TransactionReceipt } from "viem";
import { fundPool as fundPoolWith, type OnTxProgress } from "@streamrp2p/client";
import type { Deployment } from "../config/deployment.ts";
import { chainClients } from "../lib/chainClients.ts";

/** Adds `amount` to a pool (first funding or top-up), by permit or approve. */
export async function fundPool(
  config: Config,
  {
    deployment,
    ...parameters
  }: { deployment: Deployment; onProgress?: OnTxProgress } & { poolId: bigint; amount: bigint },
): Promise<TransactionReceipt[]> {
  return fundPoolWith(await chainClients(config, deployment), parameters);
}
