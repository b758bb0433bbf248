import type { ReactNode } from "react";
import type { Address } from "viem";
import type { Deployment } from "../config/deployment.ts";
import { useApp } from "../hooks/useApp.ts";
import { useWallet } from "../hooks/useWallet.ts";
import { ConnectButton } from "./ConnectButton.tsx";

/** Renders `children` with the account and deployment, or says what is missing first. */
export function WalletGate({
  children,
  why,
}: {
  children: (account: Address, deployment: Deployment) => ReactNode;
  why: string;
}) {
  const wallet = useWallet();
  const { deployment, app } = useApp();
  if (!deployment) {
    return (
      <div className="state">
        Contracts are not deployed on chain {app.chainId}, so {why} is unavailable.
      </div>
    );
  }
  if (!wallet.address) {
    return (
      <div className="state row" data-testid="wallet-required">
        <span>Connect a wallet to {why}.</span>
        <ConnectButton testId="gate-connect-button" />
      </div>
    );
  }
  if (wallet.wrongNetwork)
    return (
      <div className="state">
        Switch your wallet to chain {app.chainId} to {why}.
      </div>
    );
  return <>{children(wallet.address, deployment)}</>;
}
