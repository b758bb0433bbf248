import type { Config } from "wagmi";
import type { TransactionReceipt } from "viem";
import {
  claimAll as claimAllWith,
  type OnTxProgress,
  type SignedAttestation,
} from "@streamrp2p/client";
import type { Deployment } from "../config/deployment.ts";
import { chainClients } from "../lib/chainClients.ts";

/** Claims every attestation in one transaction (claimBatch, or claim for one). */
export async function claimAll(
  config: Config,
  {
    deployment,
    ...parameters
  }: { deployment: Deployment; onProgress?: OnTxProgress } & {
    attestations: readonly SignedAttestation[];
  },
): Promise<TransactionReceipt[]> {
  return claimAllWith(await chainClients(config, deployment), parameters);
}
