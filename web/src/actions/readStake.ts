import type { Config } from "wagmi";
import type { Address } from "viem";
import { readStake as readStakeWith, type StakeState } from "@streamrp2p/client";
import type { Deployment } from "../config/deployment.ts";
import { chainReader } from "../lib/chainClients.ts";

/** An operator's stake, status and the staking parameters. */
export function readStake(
  config: Config,
  { deployment, ...parameters }: { deployment: Deployment } & { account: Address },
): Promise<StakeState> {
  return readStakeWith(chainReader(config, deployment), parameters);
}
