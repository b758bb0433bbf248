import { walletConnect } from "wagmi/connectors";

/** The WalletConnect connector (only added when VITE_WALLETCONNECT_PROJECT_ID is set). */
export function walletConnectConnector(projectId: string) {
  return walletConnect({
    projectId,
    showQrModal: true,
    metadata: {
      name: "StreamrP2P",
      description: "Live streaming relayed by supporters",
      url: window.location.origin,
      icons: [],
    },
  });
}
