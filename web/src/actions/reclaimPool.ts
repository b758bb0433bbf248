import type { Config } from "wagmi";
import type { TransactionReceipt } from "viem";
import { reclaimPool as reclaimPoolWith, type OnTxProgress } from "@streamrp2p/client";
import type { Deployment } from "../config/deployment.ts";
import { chainClients } from "../lib/chainClients.ts";

/** Returns what is left in a closed pool to its owner after the notice period. */
export async function reclaimPool(
  config: Config,
  {
    deployment,
    ...parameters
  }: { deployment: Deployment; onProgress?: OnTxProgress } & { poolId: bigint },
): Promise<TransactionReceipt[]> {
  return reclaimPoolWith(await chainClients(config, deployment), parameters);
}
