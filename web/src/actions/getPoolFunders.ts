import type { Config } from "wagmi";
import { getPoolFunders as getPoolFundersWith, type PoolFunder } from "@streamrp2p/client";
import type { Deployment } from "../config/deployment.ts";
import { chainReader } from "../lib/chainClients.ts";

/** Who funded a pool and how much (its `PoolFunded` events), largest first. */
export function getPoolFunders(
  config: Config,
  { deployment, ...parameters }: { deployment: Deployment } & { poolId: bigint },
): Promise<PoolFunder[]> {
  return getPoolFundersWith(chainReader(config, deployment), parameters);
}
