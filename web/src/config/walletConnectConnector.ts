import { walletConnect } from "wagmi/connectors";

/** What a wallet shows about the app when it connects over WalletConnect. */
export function walletConnectMetadata(origin: string) {
  return {
    name: "StreamrP2P",
    description: "Live streaming relayed by supporters, paid for every byte they deliver",
    url: origin,
    icons: [`${origin}/icons/icon-192.png`, `${origin}/icons/icon-512.png`],
  };
}

/** The WalletConnect connector (only added when VITE_WALLETCONNECT_PROJECT_ID is set). */
export function walletConnectConnector(projectId: string) {
  return walletConnect({
    projectId,
    showQrModal: true,
    metadata: walletConnectMetadata(window.location.origin),
  });
}
