import type { RelayInfo } from "@streamrp2p/protocol/api";
import { formatBytes } from "../lib/formatBytes.ts";
import { AddressText } from "./AddressText.tsx";
import { Amount } from "./Amount.tsx";

export interface RelayEarnings {
  /** Earned in total, by lower-case relay address. */
  readonly byAddress: ReadonlyMap<string, bigint>;
  readonly decimals: number;
  readonly symbol: string | undefined;
}

/** Relays with their status, tier, viewers and bytes served (and earnings, when known). */
export function RelaysTable({
  relays,
  testId = "relays-table",
  earnings,
}: {
  relays: readonly RelayInfo[];
  testId?: string;
  earnings?: RelayEarnings | undefined;
}) {
  if (relays.length === 0) return <div className="state">No relays are reporting.</div>;
  return (
    <table data-testid={testId}>
      <thead>
        <tr>
          <th>Relay</th>
          <th>Status</th>
          <th className="num">Tier</th>
          <th className="num">Viewers</th>
          <th className="num">Delivered</th>
          <th className="num">Load</th>
          {earnings ? <th className="num">Earned</th> : null}
        </tr>
      </thead>
      <tbody>
        {relays.map((relay) => (
          <tr key={relay.address}>
            <td>
              <AddressText address={relay.address} />
              <div className="muted mono" style={{ fontSize: "0.75rem" }}>
                {relay.url}
              </div>
            </td>
            <td>
              <span className={`pill ${relay.live ? "on" : "off"}`}>
                {relay.live ? "online" : "offline"}
              </span>{" "}
              {relay.staked ? null : <span className="pill off">not staked</span>}
            </td>
            <td className="num">{relay.tier}</td>
            <td className="num">{relay.viewers}</td>
            <td className="num">{formatBytes(relay.bytesServed)}</td>
            <td className="num">{Math.round(relay.load * 100)}%</td>
            {earnings ? (
              <td className="num">
                <Amount
                  value={earnings.byAddress.get(relay.address.toLowerCase()) ?? 0n}
                  decimals={earnings.decimals}
                  symbol={earnings.symbol}
                />
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
