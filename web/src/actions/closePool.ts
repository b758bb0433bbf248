import type { Config } from "wagmi";
import type { TransactionReceipt } from "viem";
import { closePool as closePoolWith, type OnTxProgress } from "@streamrp2p/client";
import type { Deployment } from "../config/deployment.ts";
import { chainClients } from "../lib/chainClients.ts";

/** Closes a pool: its notice period starts; claims still pay until it ends. */
export async function closePool(
  config: Config,
  {
    deployment,
    ...parameters
  }: { deployment: Deployment; onProgress?: OnTxProgress } & { poolId: bigint },
): Promise<TransactionReceipt[]> {
  return closePoolWith(await chainClients(config, deployment), parameters);
}
