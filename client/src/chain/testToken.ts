import type { Deployment } from "@streamrp2p/deployments";

/** The deployment's TestToken (local and test networks: the faucet), if it has one. */
export function testToken(deployment: Deployment) {
  return "TestToken" in deployment.contracts ? deployment.contracts.TestToken : undefined;
}
