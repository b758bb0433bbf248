import type { Config } from "wagmi";
import type { Address } from "viem";
import { getAccountHistory as getAccountHistoryWith, type HistoryEntry } from "@streamrp2p/client";
import type { Deployment } from "../config/deployment.ts";
import { chainReader } from "../lib/chainClients.ts";

/** Every event of our contracts that names `account`, newest first. */
export function getAccountHistory(
  config: Config,
  { deployment, ...parameters }: { deployment: Deployment } & { account: Address },
): Promise<HistoryEntry[]> {
  return getAccountHistoryWith(chainReader(config, deployment), parameters);
}
