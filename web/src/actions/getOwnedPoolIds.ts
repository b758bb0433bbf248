import type { Config } from "wagmi";
import type { Address } from "viem";
import { getOwnedPoolIds as getOwnedPoolIdsWith } from "@streamrp2p/client";
import type { Deployment } from "../config/deployment.ts";
import { chainReader } from "../lib/chainClients.ts";

/** Ids of the pools `owner` created, newest first. */
export function getOwnedPoolIds(
  config: Config,
  { deployment, ...parameters }: { deployment: Deployment } & { owner: Address },
): Promise<bigint[]> {
  return getOwnedPoolIdsWith(chainReader(config, deployment), parameters);
}
