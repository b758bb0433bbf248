import { useSwitchChain } from "wagmi";
import { describeError } from "../lib/describeError.ts";
import { useApp } from "../hooks/useApp.ts";
import { useWallet } from "../hooks/useWallet.ts";
import { appChain } from "../config/appChain.ts";

/** Asks the user to switch when the wallet is on another chain than the app's. */
export function NetworkBanner() {
  const { app } = useApp();
  const wallet = useWallet();
  const { switchChain, status, error } = useSwitchChain();
  if (!wallet.wrongNetwork) return null;
  const chain = appChain(app);
  return (
    <div className="banner warn" role="alert" data-testid="wrong-network">
      <span>
        Your wallet is on chain {wallet.chainId}; this app uses {chain.name} (chain {chain.id}).
        {error ? <span className="field-error"> {describeError(error)}</span> : null}
      </span>
      <button
        type="button"
        className="button"
        data-testid="switch-network"
        disabled={status === "pending"}
        onClick={() => switchChain({ chainId: chain.id })}
      >
        {status === "pending" ? "Switching…" : `Switch to ${chain.name}`}
      </button>
    </div>
  );
}
