import type { Config } from "wagmi";
import { getPoolIds as getPoolIdsWith } from "@streamrp2p/client";
import type { Deployment } from "../config/deployment.ts";
import { chainReader } from "../lib/chainClients.ts";

/** Ids of every pool ever created, newest first. */
export function getPoolIds(config: Config, { deployment }: { deployment: Deployment }) {
  return getPoolIdsWith(chainReader(config, deployment));
}
