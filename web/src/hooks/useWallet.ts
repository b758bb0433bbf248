import { useConnection } from "wagmi";
import { useApp } from "./useApp.ts";

/** The connected account and whether the wallet is on the app's chain. */
export function useWallet() {
  const connection = useConnection();
  const { app } = useApp();
  const connected = connection.status === "connected" && connection.address !== undefined;
  return {
    address: connected ? connection.address : undefined,
    connected,
    status: connection.status,
    chainId: connection.chainId,
    wrongNetwork: connected && connection.chainId !== app.chainId,
  };
}
