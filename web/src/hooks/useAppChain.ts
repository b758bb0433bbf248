import { useContext } from "react";
import type { Chain } from "viem";
import { WagmiContext } from "wagmi";

/**
 * The app's one chain (viem's definition: name, currency, block explorer); undefined outside
 * a WagmiProvider (components that only display data render without one).
 */
export function useAppChain(): Chain | undefined {
  return useContext(WagmiContext)?.chains[0];
}
