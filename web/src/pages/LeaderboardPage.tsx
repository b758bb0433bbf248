import { useState } from "react";
import { AddressText } from "../components/AddressText.tsx";
import { Amount } from "../components/Amount.tsx";
import { QueryView } from "../components/QueryView.tsx";
import { formatBytes } from "../lib/formatBytes.ts";
import { useLeaderboard } from "../hooks/useLeaderboard.ts";
import { useRelays } from "../hooks/useRelays.ts";
import { useApp } from "../hooks/useApp.ts";
import { useToken } from "../hooks/useToken.ts";
import { type LeaderboardMetric } from "@streamrp2p/client";

/** Relays ranked by bytes delivered or by earnings; falls back to live relay counters. */
export function LeaderboardPage() {
  const [by, setBy] = useState<LeaderboardMetric>("bytes");
  const board = useLeaderboard(by);
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
          {(entries) =>
            entries.length === 0 ? (
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
                  {entries.map((entry) => (
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
            )
          }
        </QueryView>
      )}
    </section>
  );
}
