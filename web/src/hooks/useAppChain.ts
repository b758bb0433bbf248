import type { Chain } from "viem";
import { useConfig } from "wagmi";

/** The app's one chain (viem's definition: name, currency, block explorer). */
export function useAppChain(): Chain | undefined {
  return useConfig().chains[0];
}
