/**
 * What chain actions take first (viem's "client first"): the deployment whose typed `as const`
 * ABIs they call, a public client for reads, simulations and receipts, and, for writes, a
 * wallet client with its account. Node builds one with createChainClients; the web app from
 * wagmi's getPublicClient / getWalletClient.
 */
import type { Account, Chain, PublicClient, Transport, WalletClient } from "viem";
import type { Deployment } from "@streamrp2p/deployments";

export interface ChainReader {
  readonly deployment: Deployment;
  readonly public: PublicClient<Transport, Chain | undefined>;
}

export interface ChainClients extends ChainReader {
  readonly wallet: WalletClient<Transport, Chain | undefined, Account>;
  readonly account: Account;
}
