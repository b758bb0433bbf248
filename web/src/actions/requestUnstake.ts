import type { Config } from "wagmi";
import type { TransactionReceipt } from "viem";
import { requestUnstake as requestUnstakeWith, type OnTxProgress } from "@streamrp2p/client";
import type { Deployment } from "../config/deployment.ts";
import { chainClients } from "../lib/chainClients.ts";

/** Starts unbonding `amount` of stake; withdraw after the unbonding period. */
export async function requestUnstake(
  config: Config,
  {
    deployment,
    ...parameters
  }: { deployment: Deployment; onProgress?: OnTxProgress } & { amount: bigint },
): Promise<TransactionReceipt[]> {
  return requestUnstakeWith(await chainClients(config, deployment), parameters);
}
