import { useState } from "react";
import type { Address } from "viem";
import type { Deployment } from "../config/deployment.ts";
import { formatDuration } from "../lib/formatDuration.ts";
import { useNow } from "../hooks/useNow.ts";
import { useRequestUnstakeTx } from "../hooks/useRequestUnstakeTx.ts";
import { useStakeState } from "../hooks/useStakeState.ts";
import { useStakeTx } from "../hooks/useStakeTx.ts";
import { useToken } from "../hooks/useToken.ts";
import { useWithdrawStakeTx } from "../hooks/useWithdrawStakeTx.ts";
import { Amount } from "./Amount.tsx";
import { QueryView } from "./QueryView.tsx";
import { MaxButton } from "./MaxButton.tsx";
import { TxStatus } from "./TxStatus.tsx";
import { tryParseAmount } from "@streamrp2p/client";

/** Stake, request unstake (with the unbonding countdown) and withdraw. */
export function StakePanel({ deployment, account }: { deployment: Deployment; account: Address }) {
  const stakeState = useStakeState(account);
  const token = useToken({
    token: stakeState.data?.stakeToken,
    account,
    spender: deployment.contracts.RelayStaking.address,
  });
  const [stakeInput, setStakeInput] = useState("");
  const [unstakeInput, setUnstakeInput] = useState("");
  const stake = useStakeTx();
  const unstake = useRequestUnstakeTx();
  const withdraw = useWithdrawStakeTx();
  const now = useNow();
  return (
    <QueryView query={stakeState} what="your stake">
      {(s) => {
        const t = token.data;
        if (!t) return <div className="state">Loading the stake token…</div>;
        const stakeValue = tryParseAmount(stakeInput, t.decimals);
        const unstakeValue = tryParseAmount(unstakeInput, t.decimals);
        const releaseIn = Number(s.releaseTime) - now / 1000;
        const busy =
          stake.status === "pending" ||
          unstake.status === "pending" ||
          withdraw.status === "pending";
        const fmt = (value: bigint) => (
          <Amount value={value} decimals={t.decimals} symbol={t.symbol} />
        );
        return (
          <div className="form">
            <div className="stats">
              <div className="stat">
                <div className="label">Bonded</div>
                <div className="value" data-testid="bonded-stake">
                  {fmt(s.bonded)}
                </div>
              </div>
              <div className="stat">
                <div className="label">Status</div>
                <div className="value" data-testid="stake-status">
                  {s.jailed ? (
                    <span className="bad">jailed</span>
                  ) : s.active ? (
                    <span className="ok">active</span>
                  ) : (
                    <span className="muted">inactive</span>
                  )}
                </div>
              </div>
              <div className="stat">
                <div className="label">Minimum</div>
                <div className="value">{fmt(s.minStake)}</div>
              </div>
              <div className="stat">
                <div className="label">Wallet</div>
                <div className="value">{fmt(t.balance)}</div>
              </div>
            </div>
            <div className="row">
              <input
                aria-label={`Amount of ${t.symbol} to stake`}
                inputMode="decimal"
                placeholder={`Amount (${t.symbol})`}
                value={stakeInput}
                onChange={(e) => setStakeInput(e.target.value)}
                data-testid="stake-input"
              />
              <MaxButton
                value={t.balance}
                decimals={t.decimals}
                onMax={setStakeInput}
                testId="stake-max"
              />
              <button
                type="button"
                className="button"
                disabled={stakeValue === undefined || stakeValue > t.balance || busy}
                onClick={() =>
                  stakeValue !== undefined && stake.run({ deployment, amount: stakeValue })
                }
                data-testid="stake-button"
              >
                Stake
              </button>
              {stakeValue !== undefined && stakeValue > t.balance ? (
                <span className="field-error">More than your balance</span>
              ) : null}
            </div>
            <TxStatus
              status={stake.status}
              progress={stake.progress}
              error={stake.error}
              successText="Staked"
            />
            <div className="row">
              <input
                aria-label={`Amount of ${t.symbol} to unstake`}
                inputMode="decimal"
                placeholder={`Amount (${t.symbol})`}
                value={unstakeInput}
                onChange={(e) => setUnstakeInput(e.target.value)}
                data-testid="unstake-input"
              />
              <MaxButton
                value={s.bonded}
                decimals={t.decimals}
                onMax={setUnstakeInput}
                testId="unstake-max"
              />
              <button
                type="button"
                className="button secondary"
                disabled={unstakeValue === undefined || unstakeValue > s.bonded || busy}
                onClick={() =>
                  unstakeValue !== undefined && unstake.run({ deployment, amount: unstakeValue })
                }
                data-testid="unstake-button"
              >
                Request unstake
              </button>
              <span className="muted">
                Unbonding takes {formatDuration(Number(s.unbondingPeriod))}
              </span>
            </div>
            <TxStatus
              status={unstake.status}
              progress={unstake.progress}
              error={unstake.error}
              successText="Unstake requested: the unbonding period has started"
            />
            {s.unbonding > 0n ? (
              <div className="row" data-testid="unbonding">
                <span>
                  {fmt(s.unbonding)} unbonding{" "}
                  {releaseIn > 0 ? (
                    <span className="muted" data-testid="unbonding-countdown">
                      · withdrawable in {formatDuration(releaseIn)}
                    </span>
                  ) : (
                    <span className="ok">· ready to withdraw</span>
                  )}
                </span>
                <button
                  type="button"
                  className="button secondary"
                  disabled={releaseIn > 0 || busy}
                  onClick={() => withdraw.run({ deployment })}
                  data-testid="withdraw-button"
                >
                  Withdraw
                </button>
              </div>
            ) : null}
            <TxStatus
              status={withdraw.status}
              progress={withdraw.progress}
              error={withdraw.error}
              successText="Withdrawn to your wallet"
            />
          </div>
        );
      }}
    </QueryView>
  );
}
