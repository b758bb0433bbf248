import type { Chain } from "viem";
import { hardhat } from "viem/chains";
import { chainFor } from "@streamrp2p/client";
import type { AppConfig } from "./appConfig.ts";

/**
 * The one chain the app talks to: viem's definition (real name, currency and block explorer)
 * for the public testnets the contracts deploy to, Hardhat's for the local chain, a minimal
 * one otherwise. Reads go to the configured RPC; a wallet that adds the chain gets it too.
 * `explorerUrl` (VITE_EXPLORER_URL) sets the explorer of a chain viem has none for.
 */
export function appChain(
  config: Pick<AppConfig, "chainId" | "rpcUrl"> & { explorerUrl?: string | undefined },
): Chain {
  const rpcUrls = { default: { http: [config.rpcUrl] } };
  const chain: Chain =
    config.chainId === hardhat.id
      ? { ...hardhat, name: "Local chain", rpcUrls }
      : { ...chainFor(config.chainId, config.rpcUrl), rpcUrls };
  if (config.explorerUrl === undefined) return chain;
  return { ...chain, blockExplorers: { default: { name: "Explorer", url: config.explorerUrl } } };
}
