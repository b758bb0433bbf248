import { parseUnits, type Address } from "viem";
import type { Deployment } from "../config/deployment.ts";
import { useMintTestTokenTx } from "../hooks/useMintTestTokenTx.ts";
import { useToken } from "../hooks/useToken.ts";
import { Amount } from "./Amount.tsx";
import { TxStatus } from "./TxStatus.tsx";

const MINT_WHOLE_TOKENS = "1000";

/** Mints TestToken on chains that have one (the local demo's faucet). */
export function FaucetButton({
  deployment,
  account,
}: {
  deployment: Deployment;
  account: Address;
}) {
  const testToken = deployment.contracts.TestToken;
  const token = useToken({ token: testToken?.address, account }).data;
  const mint = useMintTestTokenTx();
  if (!testToken || !token) return null;
  return (
    <div className="form">
      <div className="row">
        <span className="muted">
          Balance <Amount value={token.balance} decimals={token.decimals} symbol={token.symbol} />
        </span>
        <button
          type="button"
          className="button secondary"
          disabled={mint.status === "pending"}
          onClick={() =>
            mint.run({
              deployment,
              to: account,
              amount: parseUnits(MINT_WHOLE_TOKENS, token.decimals),
            })
          }
          data-testid="faucet-button"
        >
          Get {MINT_WHOLE_TOKENS} test {token.symbol}
        </button>
      </div>
      <TxStatus
        status={mint.status}
        progress={mint.progress}
        error={mint.error}
        successText={`Minted ${MINT_WHOLE_TOKENS} ${token.symbol}`}
      />
    </div>
  );
}
