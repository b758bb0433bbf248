import { useState } from "react";
import { AddressText } from "../components/AddressText.tsx";
import { Amount } from "../components/Amount.tsx";
import { QueryView } from "../components/QueryView.tsx";
import { formatBytes } from "../lib/formatBytes.ts";
import { useLeaderboard } from "../hooks/useLeaderboard.ts";
import { useRelays } from "../hooks/useRelays.ts";
import { useApp } from "../hooks/useApp.ts";
import { useToken } from "../hooks/useToken.ts";
import {
  type Leaderboard,
  type LeaderboardMetric,
  type LeaderboardPeriod,
} from "@streamrp2p/client";

const PERIODS: readonly { value: LeaderboardPeriod; label: string }[] = [
  { value: "epoch", label: "This epoch" },
  { value: "24h", label: "24 h" },
  { value: "7d", label: "7 d" },
  { value: "all", label: "All time" },
];

/** Which closed epochs the coordinator summed for a bounded period. */
function Coverage({ board: { period, fromEpoch, toEpoch } }: { board: Leaderboard }) {
  if (period === "all") return null;
  return (
    <p className="muted" data-testid="leaderboard-coverage">
      {fromEpoch === undefined || toEpoch === undefined
        ? "No epoch in this period has closed yet."
        : fromEpoch === toEpoch
          ? `Epoch ${toEpoch}, the last closed one.`
          : `Closed epochs ${fromEpoch} to ${toEpoch}.`}
    </p>
  );
}

/**
 * Relays ranked by bytes delivered or by earnings, over the last closed epoch, 24 h, 7 d or
 * all time; falls back to live relay counters.
 */
export function LeaderboardPage() {
  const [by, setBy] = useState<LeaderboardMetric>("bytes");
  const [period, setPeriod] = useState<LeaderboardPeriod>("all");
  const board = useLeaderboard(by, period);
  const relays = useRelays();
  const { deployment } = useApp();
  const token = useToken({ token: deployment?.contracts.TestToken?.address });
  // Earnings are in the pools' token (the TestToken locally); unknown until it has loaded.
  const decimals = token.data?.decimals ?? (deployment?.contracts.TestToken ? undefined : 18);
  return (
    <section className="card">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h1>Leaderboard</h1>
        <div className="tabs" role="group" aria-label="Rank by">
          {(["bytes", "earnings"] as const).map((metric) => (
            <button
              key={metric}
              type="button"
              aria-pressed={by === metric}
              onClick={() => setBy(metric)}
              data-testid={`rank-${metric}`}
            >
              {metric === "bytes" ? "Bytes delivered" : "Earnings"}
            </button>
          ))}
        </div>
      </div>
      <div className="tabs" role="group" aria-label="Period">
        {PERIODS.map(({ value, label }) => (
          <button
            key={value}
            type="button"
            aria-pressed={period === value}
            onClick={() => setPeriod(value)}
            data-testid={`period-${value}`}
          >
            {label}
          </button>
        ))}
      </div>
      {board.error && relays.data ? (
        <>
          <p className="muted">
            The coordinator has no leaderboard yet; ranking the relays it sees by bytes served right
            now.
          </p>
          <table data-testid="leaderboard">
            <thead>
              <tr>
                <th>#</th>
                <th>Relay</th>
                <th className="num">Delivered</th>
                <th className="num">Viewers</th>
              </tr>
            </thead>
            <tbody>
              {[...relays.data]
                .sort((a, b) => b.bytesServed - a.bytesServed)
                .map((relay, i) => (
                  <tr key={relay.address}>
                    <td>{i + 1}</td>
                    <td>
                      <AddressText address={relay.address} />
                    </td>
                    <td className="num">{formatBytes(relay.bytesServed)}</td>
                    <td className="num">{relay.viewers}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </>
      ) : (
        <QueryView query={board} what="the leaderboard">
          {(data) => (
            <>
              <Coverage board={data} />
              {data.entries.length === 0 ? (
                <div className="state">Nobody has delivered anything yet.</div>
              ) : (
                <table data-testid="leaderboard">
                  <thead>
                    <tr>
                      <th>#</th>
                      <th>Relay</th>
                      <th className="num">{by === "bytes" ? "Verified bytes" : "Earned"}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.entries.map((entry) => (
                      <tr key={entry.address}>
                        <td>{entry.rank}</td>
                        <td>
                          <AddressText address={entry.address} />
                        </td>
                        <td className="num">
                          {by === "bytes" ? (
                            formatBytes(entry.value)
                          ) : decimals === undefined ? (
                            "…"
                          ) : (
                            <Amount
                              value={entry.value}
                              decimals={decimals}
                              symbol={token.data?.symbol}
                            />
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          )}
        </QueryView>
      )}
    </section>
  );
}
