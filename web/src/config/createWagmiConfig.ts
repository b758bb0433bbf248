import { createConfig, http, type CreateConnectorFn } from "wagmi";
import { injected } from "wagmi/connectors";
import type { AppConfig } from "./appConfig.ts";
import { appChain } from "./appChain.ts";

export interface WagmiConfigOptions {
  /** Extra connectors (WalletConnect, or a mock in tests). */
  readonly connectors?: readonly CreateConnectorFn[];
}

/**
 * The wagmi config for the app's chain: EIP-6963 discovery of every injected wallet, a
 * generic injected fallback, and whatever other connectors the caller adds.
 */
export function createWagmiConfig(app: AppConfig, options: WagmiConfigOptions = {}) {
  const chain = appChain(app);
  return createConfig({
    chains: [chain],
    connectors: [injected({ shimDisconnect: true }), ...(options.connectors ?? [])],
    multiInjectedProviderDiscovery: true,
    transports: { [chain.id]: http(app.rpcUrl) },
    pollingInterval: 2_000,
  });
}

export type AppWagmiConfig = ReturnType<typeof createWagmiConfig>;
