/**
 * The web app's adapter from wagmi to the client layer (as wagmi wraps viem): the chain
 * actions of `@streamrp2p/client` take viem clients, and wagmi hands out the ones of its
 * config: the public client of the deployment's chain and the connected wallet's client.
 */
import type { Config } from "wagmi";
import { getPublicClient, getWalletClient } from "wagmi/actions";
import type { ChainClients, ChainReader } from "@streamrp2p/client";
import type { Deployment } from "../config/deployment.ts";

export function chainReader(config: Config, deployment: Deployment): ChainReader {
  const client = getPublicClient(config, { chainId: deployment.chainId });
  if (!client) throw new Error(`Chain ${deployment.chainId} is not configured`);
  return { deployment, public: client };
}

export async function chainClients(config: Config, deployment: Deployment): Promise<ChainClients> {
  const wallet = await getWalletClient(config, { chainId: deployment.chainId });
  return { ...chainReader(config, deployment), wallet, account: wallet.account };
}
