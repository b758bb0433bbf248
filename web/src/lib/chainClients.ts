/**
 * The web app's adapter from wagmi to the client layer (as wagmi wraps viem): the chain
 * actions of `@streamrp2p/client` take viem clients, and wagmi hands out the ones of its
 * config: the public client of the deployment's chain and the connected wallet's client
 * (and the wallet as the client layer's TypedDataSigner, for EIP-712 messages).
 */
import type { Config } from "wagmi";
import { getPublicClient, getWalletClient } from "wagmi/actions";
import {
  signerOf,
  type ChainClients,
  type ChainReader,
  type TypedDataSigner,
} from "@streamrp2p/client";
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

/** The connected wallet as an EIP-712 signer for `chainId` (each signature asks its user). */
export async function walletSigner(config: Config, chainId: number): Promise<TypedDataSigner> {
  return signerOf(await getWalletClient(config, { chainId }));
}
