import type { Config } from "wagmi";
import type { Address } from "viem";
import { getRelayKeys as getRelayKeysWith } from "@streamrp2p/client";
import type { Deployment } from "../config/deployment.ts";
import { chainReader } from "../lib/chainClients.ts";

/** The relay keys `operator` has authorized and not revoked. */
export function getRelayKeys(
  config: Config,
  { deployment, ...parameters }: { deployment: Deployment } & { operator: Address },
): Promise<Address[]> {
  return getRelayKeysWith(chainReader(config, deployment), parameters);
}
