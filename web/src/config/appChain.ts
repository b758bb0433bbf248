import type { Chain } from "viem";
import { hardhat } from "viem/chains";
import { chainFor } from "@streamrp2p/client";
import type { AppConfig } from "./appConfig.ts";

/**
 * The one chain the app talks to: viem's definition (real name, currency and block explorer)
 * for the public testnets the contracts deploy to, Hardhat's for the local chain, a minimal
 * one otherwise. Reads go to the configured RPC; a wallet that adds the chain gets it too.
 */
export function appChain(config: Pick<AppConfig, "chainId" | "rpcUrl">): Chain {
  const rpcUrls = { default: { http: [config.rpcUrl] } };
  if (config.chainId === hardhat.id) return { ...hardhat, name: "Local chain", rpcUrls };
  return { ...chainFor(config.chainId, config.rpcUrl), rpcUrls };
}
