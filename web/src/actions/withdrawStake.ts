import type { Config } from "wagmi";
import type { TransactionReceipt } from "viem";
import { withdrawStake as withdrawStakeWith, type OnTxProgress } from "@streamrp2p/client";
import type { Deployment } from "../config/deployment.ts";
import { chainClients } from "../lib/chainClients.ts";

/** Withdraws stake whose unbonding period is over. */
export async function withdrawStake(
  config: Config,
  { deployment, ...parameters }: { deployment: Deployment; onProgress?: OnTxProgress },
): Promise<TransactionReceipt[]> {
  return withdrawStakeWith(await chainClients(config, deployment), parameters);
}
