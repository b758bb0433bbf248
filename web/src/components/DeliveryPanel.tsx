import type { ViewerStats } from "../player/viewerStats.ts";
import { formatBytes } from "../lib/formatBytes.ts";
import { AddressText } from "./AddressText.tsx";

/** Who relayed this stream to you, how much, how fast; failovers and rejected segments. */
export function DeliveryPanel({ stats }: { stats: ViewerStats }) {
  const relays = Object.values(stats.relays).sort((a, b) => b.bytes - a.bytes);
  return (
    <div className="form" data-testid="delivery-panel">
      <div className="stats">
        <div className="stat">
          <div className="label">Verified segments</div>
          <div className="value" data-testid="verified-segments">
            {stats.verifiedSegments}
          </div>
        </div>
        <div className="stat">
          <div className="label">Rejected</div>
          <div className={`value ${stats.rejectedSegments > 0 ? "bad" : ""}`}>
            {stats.rejectedSegments}
          </div>
        </div>
        <div className="stat">
          <div className="label">Receipts signed</div>
          <div className="value" data-testid="receipts-accepted">
            {stats.receiptsAccepted}
            {stats.receiptsFailed > 0 ? (
              <span className="muted"> ({stats.receiptsFailed} not accepted)</span>
            ) : null}
          </div>
        </div>
        <div className="stat">
          <div className="label">Failovers</div>
          <div className="value">{stats.failovers.length}</div>
        </div>
      </div>
      {relays.length === 0 ? (
        <div className="state">Waiting for the first verified segment…</div>
      ) : (
        <table data-testid="delivery-table">
          <thead>
            <tr>
              <th>Relay</th>
              <th className="num">Tier</th>
              <th className="num">Delivered to you</th>
              <th className="num">Segments</th>
              <th className="num">Receipted</th>
              <th className="num">Avg fetch</th>
            </tr>
          </thead>
          <tbody>
            {relays.map((relay) => (
              <tr key={relay.address}>
                <td>
                  <AddressText address={relay.address} />{" "}
                  {relay.address === stats.currentRelay ? (
                    <span className="pill on">now</span>
                  ) : null}
                </td>
                <td className="num">{relay.tier}</td>
                <td className="num">{formatBytes(relay.bytes)}</td>
                <td className="num">{relay.segments}</td>
                <td className="num">{formatBytes(relay.receiptedBytes)}</td>
                <td className="num">{Math.round(relay.meanFetchMs)} ms</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {stats.failovers.length > 0 ? (
        <details>
          <summary>Failovers</summary>
          <ul>
            {stats.failovers.map((f) => (
              <li key={`${f.at}-${f.from}`} className={f.tampered ? "bad" : "muted"}>
                {f.tampered ? "Rejected tampered data from " : "Left "}
                <AddressText address={f.from} />: {f.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
