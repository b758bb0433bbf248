import type { Config } from "wagmi";
import type { Address } from "viem";
import {
  getClaimable as getClaimableWith,
  type ClaimablePool,
  type CoordinatorClient,
} from "@streamrp2p/client";
import type { Deployment } from "../config/deployment.ts";
import { chainReader } from "../lib/chainClients.ts";

/** The account's attestations with something left to claim, and what each pays now. */
export function getClaimable(
  config: Config,
  {
    deployment,
    ...parameters
  }: { deployment: Deployment } & { coordinator: CoordinatorClient; account: Address },
): Promise<ClaimablePool[]> {
  return getClaimableWith(chainReader(config, deployment), parameters);
}
