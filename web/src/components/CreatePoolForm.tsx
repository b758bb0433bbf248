import { useState, type FormEvent } from "react";
import { isAddress, type Address } from "viem";
import { useCreatePoolTx } from "../hooks/useCreatePoolTx.ts";
import { useApp } from "../hooks/useApp.ts";
import { useToken } from "../hooks/useToken.ts";
import type { Deployment } from "../config/deployment.ts";
import { FormField } from "./FormField.tsx";
import { TxStatus } from "./TxStatus.tsx";
import { parseAmount, tryParseAmount } from "@streamrp2p/client";

/** Creates a reward pool: token, rate and ceiling per GB, epoch budget, notice period. */
export function CreatePoolForm({ deployment }: { deployment: Deployment }) {
  const { app } = useApp();
  const [token, setToken] = useState<string>(deployment.contracts.TestToken?.address ?? "");
  const [rate, setRate] = useState("1");
  const [maxRate, setMaxRate] = useState("2");
  const [budget, setBudget] = useState("0");
  const [noticeHours, setNoticeHours] = useState("24");
  const tokenAddress = isAddress(token) ? (token as Address) : undefined;
  const tokenState = useToken({ token: tokenAddress });
  const tx = useCreatePoolTx();
  const decimals = tokenState.data?.decimals;
  const symbol = tokenState.data?.symbol ?? "";
  const noticeSeconds = Number(noticeHours) * 3600;
  const valid =
    decimals !== undefined &&
    tryParseAmount(rate, decimals) !== undefined &&
    tryParseAmount(maxRate, decimals) !== undefined &&
    Number.isFinite(noticeSeconds) &&
    noticeSeconds >= 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!tokenAddress || decimals === undefined) return;
    tx.run({
      deployment,
      token: tokenAddress,
      ratePerGB: parseAmount(rate, decimals),
      maxRatePerGB: parseAmount(maxRate, decimals),
      epochBudget:
        budget.trim() === "" || Number(budget) === 0 ? 0n : parseAmount(budget, decimals),
      noticePeriod: Math.round(noticeSeconds),
    });
  };
  return (
    <form className="form" onSubmit={submit} aria-label="Create a reward pool">
      <FormField
        id="pool-token"
        label="Token"
        hint={
          tokenState.data
            ? `${tokenState.data.symbol}, ${tokenState.data.decimals} decimals${tokenState.data.permit ? ", supports permit" : ""}`
            : "ERC-20 address"
        }
        error={tokenState.error ? "Not an ERC-20 on this chain" : undefined}
      >
        <input
          id="pool-token"
          value={token}
          onChange={(e) => setToken(e.target.value.trim())}
          placeholder="0x…"
          required
          data-testid="pool-token-input"
        />
      </FormField>
      <div
        className="grid"
        style={{ gridTemplateColumns: "repeat(auto-fit, minmax(150px, 1fr))", gap: "0.7rem" }}
      >
        <FormField id="pool-rate" label={`Rate per GB ${symbol}`} hint="What relays are paid">
          <input
            id="pool-rate"
            inputMode="decimal"
            value={rate}
            onChange={(e) => setRate(e.target.value)}
            data-testid="pool-rate-input"
          />
        </FormField>
        <FormField id="pool-max-rate" label={`Ceiling per GB ${symbol}`} hint="Enforced on-chain">
          <input
            id="pool-max-rate"
            inputMode="decimal"
            value={maxRate}
            onChange={(e) => setMaxRate(e.target.value)}
          />
        </FormField>
        <FormField id="pool-budget" label={`Budget per epoch ${symbol}`} hint="0 = no limit">
          <input
            id="pool-budget"
            inputMode="decimal"
            value={budget}
            onChange={(e) => setBudget(e.target.value)}
          />
        </FormField>
        <FormField
          id="pool-notice"
          label="Notice period (hours)"
          hint="Claims still pay this long after closing"
        >
          <input
            id="pool-notice"
            inputMode="decimal"
            value={noticeHours}
            onChange={(e) => setNoticeHours(e.target.value)}
          />
        </FormField>
      </div>
      <div className="row">
        <button
          type="submit"
          className="button"
          disabled={!valid || tx.status === "pending"}
          data-testid="create-pool-button"
        >
          Create pool
        </button>
        <span className="muted">on chain {app.chainId}</span>
      </div>
      <TxStatus
        status={tx.status}
        progress={tx.progress}
        error={tx.error}
        successText={
          tx.result !== undefined ? `Pool #${tx.result} created: fund it below` : undefined
        }
      />
    </form>
  );
}
