import { useState } from "react";
import type { Address } from "viem";
import { tryParseAmount } from "@streamrp2p/client";
import type { Deployment } from "../config/deployment.ts";
import { useFundPoolTx } from "../hooks/useFundPoolTx.ts";
import { usePool } from "../hooks/usePool.ts";
import { usePoolFunders } from "../hooks/usePoolFunders.ts";
import { useToken } from "../hooks/useToken.ts";
import { AddTokenButton } from "./AddTokenButton.tsx";
import { Amount } from "./Amount.tsx";
import { MaxButton } from "./MaxButton.tsx";
import { TxStatus } from "./TxStatus.tsx";

/**
 * Anyone's top-up of a pool (the owner's first funding, or a fan supporting a stream): the
 * amount with a Max button, one permit signature (or approve + fund), and what this account
 * has put in so far.
 */
export function FundPoolForm({
  deployment,
  poolId,
  account,
  disabled = false,
}: {
  deployment: Deployment;
  poolId: bigint;
  account: Address;
  /** Another transaction of the same pool is under way. */
  disabled?: boolean;
}) {
  const pool = usePool(poolId).data;
  const token = useToken({
    token: pool?.token,
    account,
    spender: deployment.contracts.RewardPools.address,
  }).data;
  const funders = usePoolFunders(poolId).data;
  const [amount, setAmount] = useState("");
  const fund = useFundPoolTx();
  if (!pool || !token || pool.closed) return null;
  const value = tryParseAmount(amount, token.decimals);
  const pending = fund.status === "pending";
  const mine = funders?.find((f) => f.funder.toLowerCase() === account.toLowerCase());
  return (
    <div className="form">
      <div className="row">
        <input
          aria-label={`Amount of ${token.symbol} to add to pool ${poolId}`}
          inputMode="decimal"
          placeholder={`Amount (${token.symbol})`}
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          data-testid="fund-input"
        />
        <MaxButton
          value={token.balance}
          decimals={token.decimals}
          onMax={setAmount}
          testId="fund-max"
        />
        <button
          type="button"
          className="button"
          disabled={value === undefined || value > token.balance || pending || disabled}
          aria-busy={pending}
          onClick={() => value !== undefined && fund.run({ deployment, poolId, amount: value })}
          data-testid="fund-button"
        >
          {pending ? "Funding…" : pool.balance === 0n ? "Fund" : "Top up"}
        </button>
      </div>
      <span className="muted">
        You have <Amount value={token.balance} decimals={token.decimals} symbol={token.symbol} />
        {token.permit ? " · one signature, no approval" : ""} ·{" "}
        <AddTokenButton token={pool.token} symbol={token.symbol} decimals={token.decimals} />
      </span>
      <span className="muted" data-testid="my-contribution">
        Your contribution:{" "}
        <Amount value={mine?.amount ?? 0n} decimals={token.decimals} symbol={token.symbol} />
      </span>
      <TxStatus
        status={fund.status}
        progress={fund.progress}
        error={fund.error}
        successText="Funds added"
      />
    </div>
  );
}
