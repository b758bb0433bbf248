import type { Config } from "wagmi";
import type { Address, Hex } from "viem";
import { readStreamRegistration as readStreamRegistrationWith } from "@streamrp2p/client";
import type { Deployment } from "../config/deployment.ts";
import { chainReader } from "../lib/chainClients.ts";

/** A stream's on-chain owner and origin signer; undefined if unregistered. */
export function readStreamRegistration(
  config: Config,
  { deployment, ...parameters }: { deployment: Deployment } & { streamId: Hex },
): Promise<{ owner: Address; originSigner: Address } | undefined> {
  return readStreamRegistrationWith(chainReader(config, deployment), parameters);
}
