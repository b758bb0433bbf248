import { createPublicClient, createWalletClient, http, type Account } from "viem";
import { getDeployment } from "@streamrp2p/deployments";
import type { ChainClients } from "./ChainClients.ts";
import { chainFor } from "./chainFor.ts";

/** Chain clients over one JSON-RPC URL for `account`, with the deployment of `chainId`. */
export function createChainClients({
  rpcUrl,
  chainId,
  account,
}: {
  rpcUrl: string;
  chainId: number;
  account: Account;
}): ChainClients {
  const chain = chainFor(chainId, rpcUrl);
  const transport = http(rpcUrl);
  return {
    deployment: getDeployment(chainId),
    public: createPublicClient({ chain, transport }),
    wallet: createWalletClient({ chain, transport, account }),
    account,
  };
}
