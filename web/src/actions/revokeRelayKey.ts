import type { Config } from "wagmi";
import type { Address, TransactionReceipt } from "viem";
import { revokeRelayKey as revokeRelayKeyWith, type OnTxProgress } from "@streamrp2p/client";
import type { Deployment } from "../config/deployment.ts";
import { chainClients } from "../lib/chainClients.ts";

/** The operator's wallet revokes one of its relay keys. */
export async function revokeRelayKey(
  config: Config,
  {
    deployment,
    ...parameters
  }: { deployment: Deployment; onProgress?: OnTxProgress } & { relayKey: Address },
): Promise<TransactionReceipt[]> {
  return revokeRelayKeyWith(await chainClients(config, deployment), parameters);
}
