import { defineChain, type Chain } from "viem";
import { hardhat } from "viem/chains";
import type { AppConfig } from "./appConfig.ts";

/** The one chain the app talks to: viem's definition for known ids, else a minimal one. */
export function appChain(config: Pick<AppConfig, "chainId" | "rpcUrl">): Chain {
  const rpcUrls = { default: { http: [config.rpcUrl] } };
  if (config.chainId === hardhat.id) return { ...hardhat, name: "Local chain", rpcUrls };
  return defineChain({
    id: config.chainId,
    name: `Chain ${config.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls,
  });
}
