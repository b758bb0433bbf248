import { defineChain, type Chain } from "viem";
import { arbitrumSepolia, baseSepolia, optimismSepolia } from "viem/chains";

const KNOWN_CHAINS: Readonly<Record<number, Chain>> = {
  [optimismSepolia.id]: optimismSepolia,
  [baseSepolia.id]: baseSepolia,
  [arbitrumSepolia.id]: arbitrumSepolia,
};

/** viem's definition of a supported L2, or a minimal one for a local or unknown chain. */
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
