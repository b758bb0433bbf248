import type { Config } from "wagmi";
import { readPool as readPoolWith, type Pool } from "@streamrp2p/client";
import type { Deployment } from "../config/deployment.ts";
import { chainReader } from "../lib/chainClients.ts";

/** Reads one pool; PoolNotFoundError when it does not exist. */
export function readPool(
  config: Config,
  { deployment, ...parameters }: { deployment: Deployment } & { poolId: bigint },
): Promise<Pool> {
  return readPoolWith(chainReader(config, deployment), parameters);
}
