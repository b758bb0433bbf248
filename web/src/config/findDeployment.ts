import { deployments as generated } from "@streamrp2p/deployments";
import type { Deployment, Deployments } from "./deployment.ts";

const all: Deployments = generated;

/** The contracts deployed on `chainId`, or undefined when nothing is deployed there. */
export function findDeployment(chainId: number, from: Deployments = all): Deployment | undefined {
  return from[chainId];
}
