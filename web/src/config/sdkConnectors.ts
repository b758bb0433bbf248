/**
 * The wallet SDK connectors' real code, imported only by `walletConnectors.ts`'s lazy
 * connectors (a chunk of its own, off the home page's first load). Each connector imports
 * its SDK (@walletconnect/ethereum-provider, @base-org/account, @metamask/connect-evm) only
 * when it first needs its provider.
 */
import type { CreateConnectorFn } from "wagmi";
import { baseAccount, metaMask, walletConnect } from "wagmi/connectors";
import { walletConnectMetadata } from "./walletMetadata.ts";

export function walletConnectConnector(projectId: string, origin: string): CreateConnectorFn {
  return walletConnect({ projectId, showQrModal: true, metadata: walletConnectMetadata(origin) });
}

export function baseAccountConnector(origin: string): CreateConnectorFn {
  const metadata = walletConnectMetadata(origin);
  return baseAccount({ appName: metadata.name, appLogoUrl: metadata.icons[0] ?? null });
}

export function metaMaskConnector(origin: string): CreateConnectorFn {
  const metadata = walletConnectMetadata(origin);
  return metaMask({ dapp: { name: metadata.name, url: origin, iconUrl: metadata.icons[0] } });
}
