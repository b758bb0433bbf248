import type { Config } from "wagmi";
import { createPool as createPoolWith, type NewPool, type OnTxProgress } from "@streamrp2p/client";
import type { Deployment } from "../config/deployment.ts";
import { chainClients } from "../lib/chainClients.ts";

/** Creates a reward pool owned by the caller; resolves to its id. */
export async function createPool(
  config: Config,
  { deployment, ...pool }: { deployment: Deployment; onProgress?: OnTxProgress } & NewPool,
): Promise<bigint> {
  return (await createPoolWith(await chainClients(config, deployment), pool)).poolId;
}
