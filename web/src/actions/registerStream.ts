import type { Config } from "wagmi";
import type { Address, Hex, TransactionReceipt } from "viem";
import { registerStream as registerStreamWith, type OnTxProgress } from "@streamrp2p/client";
import type { Deployment } from "../config/deployment.ts";
import { chainClients } from "../lib/chainClients.ts";

/** Registers a stream on-chain: the caller owns it, `originSigner` signs its manifest. */
export async function registerStream(
  config: Config,
  {
    deployment,
    ...parameters
  }: { deployment: Deployment; onProgress?: OnTxProgress } & {
    streamId: Hex;
    originSigner: Address;
  },
): Promise<TransactionReceipt[]> {
  return registerStreamWith(await chainClients(config, deployment), parameters);
}
