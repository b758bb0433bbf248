import { formatAmount, type HistoryEntry } from "@streamrp2p/client";
import { TxHash } from "./TxHash.tsx";

const AMOUNT_KEYS = ["amount", "paid"] as const;

function describe(entry: HistoryEntry, decimals: number, symbol: string | undefined): string {
  const key = AMOUNT_KEYS.find((k) => typeof entry.args[k] === "bigint");
  const amount = key
    ? ` ${formatAmount(entry.args[key] as bigint, decimals, symbol ? { symbol } : {})}`
    : "";
  const poolId = typeof entry.args["poolId"] === "bigint" ? ` · pool #${entry.args["poolId"]}` : "";
  return `${amount.trim()}${poolId}`.replace(/^ · /, "");
}

/** The account's on-chain events: stakes, unstakes, withdrawals, claims, pool funding. */
export function HistoryTable({
  entries,
  decimals,
  symbol,
}: {
  entries: readonly HistoryEntry[];
  decimals: number;
  symbol?: string | undefined;
}) {
  if (entries.length === 0) return <div className="state">No transactions yet.</div>;
  return (
    <table data-testid="history-table">
      <thead>
        <tr>
          <th>Block</th>
          <th>Event</th>
          <th>Details</th>
          <th>Transaction</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={`${entry.transactionHash}-${entry.logIndex}`}>
            <td>{entry.blockNumber.toString()}</td>
            <td>{entry.eventName}</td>
            <td>{describe(entry, decimals, symbol)}</td>
            <td>
              <TxHash hash={entry.transactionHash} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
