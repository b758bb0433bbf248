import type { CreateConnectorFn } from "wagmi";
import { lazyConnector } from "./lazyConnector.ts";

export interface WalletConnectorsOptions {
  /** VITE_WALLETCONNECT_PROJECT_ID: WalletConnect is offered only with one. */
  readonly walletConnectProjectId: string | undefined;
  /** The page's origin, for the metadata the wallets show (name, url, icons). */
  readonly origin: string;
}

const load = () => import("./sdkConnectors.ts");

/**
 * The SDK wallets offered beside the EIP-6963 injected ones: Base Account, MetaMask (its
 * connect SDK: extension or mobile) and, with a project id, WalletConnect. Each is a lazy
 * connector: its code and SDK load when the user picks it (or reconnects to it), never on
 * the first load of a page. The ids, names, types and rdns are the real connectors' own.
 */
export function walletConnectors(options: WalletConnectorsOptions): CreateConnectorFn[] {
  const { origin, walletConnectProjectId } = options;
  const connectors = [
    lazyConnector({
      id: "baseAccount",
      name: "Base Account",
      type: "baseAccount",
      rdns: "app.base.account",
      load: async () => (await load()).baseAccountConnector(origin),
    }),
    lazyConnector({
      id: "metaMaskSDK",
      name: "MetaMask",
      type: "metaMask",
      rdns: ["io.metamask", "io.metamask.mobile"],
      load: async () => (await load()).metaMaskConnector(origin),
    }),
  ];
  if (walletConnectProjectId) {
    connectors.push(
      lazyConnector({
        id: "walletConnect",
        name: "WalletConnect",
        type: "walletConnect",
        load: async () => (await load()).walletConnectConnector(walletConnectProjectId, origin),
      }),
    );
  }
  return connectors;
}
