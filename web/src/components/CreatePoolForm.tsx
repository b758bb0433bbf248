import { useState, type FormEvent } from "react";
import { isAddress, type Address } from "viem";
import { useCreatePoolTx } from "../hooks/useCreatePoolTx.ts";
import { useMinNoticePeriod } from "../hooks/useMinNoticePeriod.ts";
import { useApp } from "../hooks/useApp.ts";
import { useToken } from "../hooks/useToken.ts";
import type { Deployment } from "../config/deployment.ts";
import { formatDuration } from "../lib/formatDuration.ts";
import { noticePeriodError, toNoticeUnits, NOTICE_UNITS } from "../lib/noticePeriod.ts";
import { FormField } from "./FormField.tsx";
import { TxStatus } from "./TxStatus.tsx";
import { parseAmount, tryParseAmount } from "@streamrp2p/client";

/**
 * Creates a reward pool: token, rate and ceiling per GB, epoch budget, notice period (at least
 * the contract's minimum, which is also the default).
 */
export function CreatePoolForm({ deployment }: { deployment: Deployment }) {
  const { app } = useApp();
  const [token, setToken] = useState<string>(deployment.contracts.TestToken?.address ?? "");
  const [rate, setRate] = useState("1");
  const [maxRate, setMaxRate] = useState("2");
  const [budget, setBudget] = useState("0");
  const minNotice = useMinNoticePeriod();
  // undefined until edited: the field shows the chain's minimum
  const [noticeText, setNoticeText] = useState<string>();
  const [noticeUnit, setNoticeUnit] = useState<number>();
  const tokenAddress = isAddress(token) ? (token as Address) : undefined;
  const tokenState = useToken({ token: tokenAddress });
  const tx = useCreatePoolTx();
  const decimals = tokenState.data?.decimals;
  const symbol = tokenState.data?.symbol ?? "";
  const defaultNotice = minNotice.data === undefined ? undefined : toNoticeUnits(minNotice.data);
  const unit = noticeUnit ?? defaultNotice?.unit ?? 3600;
  const noticeValue = noticeText ?? defaultNotice?.value ?? "";
  const noticeSeconds = Number(noticeValue) * unit;
  const noticeError =
    minNotice.data === undefined ? undefined : noticePeriodError(noticeValue, unit, minNotice.data);
  const valid =
    decimals !== undefined &&
    tryParseAmount(rate, decimals) !== undefined &&
    tryParseAmount(maxRate, decimals) !== undefined &&
    minNotice.data !== undefined &&
    noticeError === undefined;

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
          label="Notice period"
          hint={
            minNotice.data === undefined
              ? "Claims still pay this long after closing"
              : `Claims still pay this long after closing (at least ${formatDuration(minNotice.data)})`
          }
          error={
            noticeError ??
            (minNotice.error ? "Could not read the minimum notice period" : undefined)
          }
        >
          <div className="row">
            <input
              id="pool-notice"
              inputMode="decimal"
              value={noticeValue}
              onChange={(e) => setNoticeText(e.target.value)}
              style={{ flex: 1, minWidth: 0 }}
              data-testid="pool-notice-input"
            />
            <select
              aria-label="Notice period unit"
              value={unit}
              onChange={(e) => {
                setNoticeText(noticeValue);
                setNoticeUnit(Number(e.target.value));
              }}
              data-testid="pool-notice-unit"
            >
              {NOTICE_UNITS.map((u) => (
                <option key={u.seconds} value={u.seconds}>
                  {u.label}
                </option>
              ))}
            </select>
          </div>
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
