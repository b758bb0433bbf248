import type { Address } from "viem";
import type { OperatorRelayReport } from "@streamrp2p/client";
import { useOperatorRelayReports } from "../hooks/useOperatorRelayReports.ts";
import { formatBytes } from "../lib/formatBytes.ts";
import { AddressText } from "./AddressText.tsx";
import { QueryView } from "./QueryView.tsx";

function RelayReportRow({ relay, live, report }: OperatorRelayReport) {
  return (
    <li data-testid="relay-report">
      <div>
        <AddressText address={relay} /> {live ? null : <span className="pill">not live</span>}
      </div>
      {report ? (
        <>
          <div>
            Verified{" "}
            <strong data-testid="verified-bytes">{formatBytes(report.verifiedBytes)}</strong>,
            withheld{" "}
            <strong
              className={report.withheldBytes > 0 ? "bad" : undefined}
              data-testid="withheld-bytes"
            >
              {formatBytes(report.withheldBytes)}
            </strong>
          </div>
          {report.reasons.length > 0 ? (
            <ul>
              {report.reasons.map((reason) => (
                <li key={reason.code} data-testid="withheld-reason">
                  {formatBytes(reason.bytes)} withheld: {reason.description}{" "}
                  <span className="muted" title={reason.lastMessage}>
                    ({reason.code}: {reason.lastMessage})
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
    </li>
  );
}

/**
 * Each of the wallet's relay keys the coordinator lists: verified and withheld bytes in the
 * last closed epoch, and in words why every withheld byte was withheld.
 */
export function RelayReportsPanel({ account }: { account: Address }) {
  const reports = useOperatorRelayReports(account);
  return (
    <QueryView query={reports} what="your relays' reports">
      {({ epoch, relays }) =>
        relays.length === 0 ? (
          <div className="state" data-testid="no-relay-reports">
            The coordinator lists no relay key authorized by this wallet yet.
          </div>
        ) : (
          <div className="form">
            <p className="muted" data-testid="report-epoch">
              {epoch === null
                ? "No epoch has closed yet."
                : `Epoch ${epoch}, the last closed one: bytes your viewers signed for.`}
            </p>
            <ul>
              {relays.map((r) => (
                <RelayReportRow key={r.relay} {...r} />
              ))}
            </ul>
          </div>
        )
      }
    </QueryView>
  );
}
