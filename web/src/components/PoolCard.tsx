import type { ReactNode } from "react";
import { formatDuration } from "../lib/formatDuration.ts";
import { estimateSpend } from "../lib/spendRate.ts";
import { useCurrentEpoch } from "../hooks/useCurrentEpoch.ts";
import { useSpendSamples } from "../hooks/useSpendSamples.ts";
import { usePool } from "../hooks/usePool.ts";
import { useToken } from "../hooks/useToken.ts";
import { AddressText } from "./AddressText.tsx";
import { Amount } from "./Amount.tsx";
import { PoolFunders } from "./PoolFunders.tsx";
import { QueryView } from "./QueryView.tsx";
import { type PoolSummary } from "@streamrp2p/client";

/** One pool's on-chain state, its recent spend and runway; `actions` renders owner controls. */
export function PoolCard({
  poolId,
  summary,
  actions,
}: {
  poolId: bigint;
  summary?: PoolSummary | undefined;
  actions?: ReactNode;
}) {
  const pool = usePool(poolId);
  const token = useToken({ token: pool.data?.token });
  const samples = useSpendSamples(summary?.attestedTotal);
  const epochSeconds = useCurrentEpoch().data?.lengthSeconds;
  return (
    <article className="card" data-testid={`pool-${poolId}`}>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h2>Pool #{poolId.toString()}</h2>
        {pool.data ? (
          <span className={`pill ${pool.data.closed ? "off" : "on"}`}>
            {pool.data.closed ? "closing" : "open"}
          </span>
        ) : null}
      </div>
      <QueryView query={pool} what={`pool ${poolId}`}>
        {(p) => (
          <QueryView query={token} what="the pool's token">
            {({ decimals, symbol }) => {
              const spend = samples
                ? estimateSpend(
                    p.balance - (summary?.outstanding ?? 0n),
                    samples.first,
                    samples.last,
                  )
                : undefined;
              return (
                <>
                  <div className="stats">
                    <div className="stat">
                      <div className="label">Balance</div>
                      <div className="value" data-testid="pool-balance">
                        <Amount value={p.balance} decimals={decimals} symbol={symbol} />
                      </div>
                    </div>
                    <div className="stat">
                      <div className="label">Rate per GB</div>
                      <div className="value">
                        <Amount value={p.ratePerGB} decimals={decimals} symbol={symbol} />
                      </div>
                    </div>
                    <div className="stat">
                      <div className="label">Epoch budget</div>
                      <div className="value">
                        {p.epochBudget === 0n ? (
                          "no limit"
                        ) : (
                          <Amount value={p.epochBudget} decimals={decimals} symbol={symbol} />
                        )}
                      </div>
                    </div>
                    {summary ? (
                      <>
                        <div className="stat">
                          <div className="label">Owed to relays</div>
                          <div className="value" data-testid="pool-outstanding">
                            <Amount
                              value={summary.outstanding}
                              decimals={decimals}
                              symbol={symbol}
                            />
                          </div>
                        </div>
                        <div className="stat">
                          <div className="label">Spend per epoch</div>
                          <div className="value" data-testid="pool-spend">
                            {spend && epochSeconds ? (
                              <Amount
                                value={BigInt(Math.round(spend.perSecond * epochSeconds))}
                                decimals={decimals}
                                symbol={symbol}
                              />
                            ) : (
                              "—"
                            )}
                          </div>
                        </div>
                        <div className="stat">
                          <div className="label">Lasts</div>
                          <div className="value" data-testid="pool-runway">
                            {spend ? formatDuration(spend.runwaySeconds) : "—"}
                          </div>
                        </div>
                      </>
                    ) : null}
                  </div>
                  <p className="muted">
                    Owner <AddressText address={p.owner} /> · max {""}
                    <Amount value={p.maxRatePerGB} decimals={decimals} symbol={symbol} />
                    /GB · notice {formatDuration(Number(p.noticePeriod))}
                  </p>
                  {summary && summary.supporters.length > 0 ? (
                    <table data-testid="pool-supporters">
                      <thead>
                        <tr>
                          <th>Supporter relay</th>
                          <th className="num">Earned from this pool</th>
                        </tr>
                      </thead>
                      <tbody>
                        {summary.supporters.map((s) => (
                          <tr key={s.relay}>
                            <td>
                              <AddressText address={s.relay} />
                            </td>
                            <td className="num">
                              <Amount value={s.amount} decimals={decimals} symbol={symbol} />
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  ) : null}
                  <PoolFunders poolId={poolId} decimals={decimals} symbol={symbol} />
                  {actions}
                </>
              );
            }}
          </QueryView>
        )}
      </QueryView>
    </article>
  );
}
