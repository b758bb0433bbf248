import { createConfig, http, type CreateConnectorFn } from "wagmi";
import { injected } from "wagmi/connectors";
import type { AppConfig } from "./appConfig.ts";
import { appChain } from "./appChain.ts";
import { walletConnectors } from "./walletConnectors.ts";

export interface WagmiConfigOptions {
  /** The page's origin, for the metadata SDK wallets show (default: window.location.origin). */
  readonly origin?: string;
  /** Extra connectors (a mock in tests). */
  readonly connectors?: readonly CreateConnectorFn[];
}

/**
 * The wagmi config for the app's chain: EIP-6963 discovery of every injected wallet, a
 * generic injected fallback, Base Account, MetaMask and (with a project id) WalletConnect,
 * those three lazy (their code loads when picked), and whatever other connectors the caller adds.
 */
export function createWagmiConfig(app: AppConfig, options: WagmiConfigOptions = {}) {
  const chain = appChain(app);
  const origin = options.origin ?? globalThis.location.origin;
  return createConfig({
    chains: [chain],
    connectors: [
      injected({ shimDisconnect: true }),
      ...walletConnectors({ walletConnectProjectId: app.walletConnectProjectId, origin }),
      ...(options.connectors ?? []),
    ],
    multiInjectedProviderDiscovery: true,
    transports: { [chain.id]: http(app.rpcUrl) },
    pollingInterval: 2_000,
  });
}

export type AppWagmiConfig = ReturnType<typeof createWagmiConfig>;
