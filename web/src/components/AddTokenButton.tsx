import type { Address } from "viem";
import { useWatchAsset } from "wagmi";
import { describeError } from "../lib/describeError.ts";

/** Asks the wallet to list the token (EIP-747 `wallet_watchAsset`). */
export function AddTokenButton({
  token,
  symbol,
  decimals,
}: {
  token: Address;
  symbol: string;
  decimals: number;
}) {
  const { watchAsset, status, error } = useWatchAsset();
  return (
    <span className="row">
      <button
        type="button"
        className="link-button"
        disabled={status === "pending"}
        onClick={() => watchAsset({ type: "ERC20", options: { address: token, symbol, decimals } })}
        data-testid="add-token-button"
      >
        {status === "success" ? `${symbol} added to your wallet` : `Add ${symbol} to your wallet`}
      </button>
      {error ? <span className="field-error">{describeError(error)}</span> : null}
    </span>
  );
}
