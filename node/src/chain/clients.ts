/** viem clients for one L2 and one account, with the StreamrP2P deployment of that chain. */
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type Account,
  type Chain,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { arbitrumSepolia, baseSepolia, optimismSepolia } from "viem/chains";
import { getDeployment, type Deployment } from "@streamrp2p/deployments";

const KNOWN_CHAINS: Record<number, Chain> = {
  [optimismSepolia.id]: optimismSepolia,
  [baseSepolia.id]: baseSepolia,
  [arbitrumSepolia.id]: arbitrumSepolia,
};

export function chainFor(chainId: number, rpcUrl: string): Chain {
  return (
    KNOWN_CHAINS[chainId] ??
    defineChain({
      id: chainId,
      name: chainId === 31337 ? "StreamrP2P local" : `chain ${chainId}`,
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [rpcUrl] } },
    })
  );
}

export interface ChainClients {
  chainId: number;
  deployment: Deployment;
  public: PublicClient<Transport, Chain>;
  wallet: WalletClient<Transport, Chain, Account>;
  account: Account;
}

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
    chainId,
    deployment: getDeployment(chainId),
    public: createPublicClient({ chain, transport }),
    wallet: createWalletClient({ chain, transport, account }),
    account,
  };
}
