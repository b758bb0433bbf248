import type { Config } from "wagmi";
import type { Address, Hex, TransactionReceipt } from "viem";
import { registerStream as registerStreamWith, type OnTxProgress } from "@streamrp2p/client";
import type { Deployment } from "../config/deployment.ts";
import { chainClients } from "../lib/chainClients.ts";

/**
 * Registers the caller's stream on-chain under streamIdOf(caller, salt) (the salt it was
 * created with at the coordinator); `originSigner` signs its manifest.
 */
export async function registerStream(
  config: Config,
  {
    deployment,
    ...parameters
  }: { deployment: Deployment; onProgress?: OnTxProgress } & { salt: Hex; originSigner: Address },
): Promise<{ streamId: Hex; receipts: TransactionReceipt[] }> {
  return registerStreamWith(await chainClients(config, deployment), parameters);
}
