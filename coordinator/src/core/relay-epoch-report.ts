/**
 * Per relay and epoch: verified and rejected bytes, decisions by status, and bytes by reason,
 * so every decision is visible on the dashboard. JSON-able (bytes fit in a double up to 2^53).
 */
import type { ReceiptDecision, ReceiptStatus } from "./evaluate-receipt.ts";
import type { RejectionCode } from "./rejection.ts";

export interface ReasonTally {
  receipts: number;
  /** Rejected bytes of receipts with this reason; a receipt with two reasons counts under both. */
  bytes: number;
  /** The latest message, with the numbers that explain it. */
  lastMessage: string;
}

export interface RelayEpochReport {
  relay: string;
  verifiedBytes: number;
  rejectedBytes: number;
  /** Verified bytes by stream id (streams map to pools at epoch close). */
  verifiedByStream: Record<string, number>;
  receipts: Record<ReceiptStatus, number>;
  reasons: Partial<Record<RejectionCode, ReasonTally>>;
}

export function emptyRelayEpochReport(relay: string): RelayEpochReport {
  return {
    relay,
    verifiedBytes: 0,
    rejectedBytes: 0,
    verifiedByStream: {},
    receipts: { credited: 0, withheld: 0, rejected: 0, ignored: 0 },
    reasons: {},
  };
}

/** Adds decisions to a relay's report; returns a new report, the input is not modified. */
export function addDecisions(
  report: RelayEpochReport,
  decisions: readonly ReceiptDecision[],
): RelayEpochReport {
  const next: RelayEpochReport = structuredClone(report);
  for (const d of decisions) {
    next.receipts[d.status] += 1;
    next.verifiedBytes += d.verifiedBytes;
    next.rejectedBytes += d.rejectedBytes;
    if (d.verifiedBytes > 0 && d.streamId !== null) {
      next.verifiedByStream[d.streamId] =
        (next.verifiedByStream[d.streamId] ?? 0) + d.verifiedBytes;
    }
    for (const r of d.rejections) {
      const tally = next.reasons[r.code] ?? { receipts: 0, bytes: 0, lastMessage: "" };
      next.reasons[r.code] = {
        receipts: tally.receipts + 1,
        bytes: tally.bytes + d.rejectedBytes,
        lastMessage: r.message,
      };
    }
  }
  return next;
}
