/** What the watch page shows about delivery: per relay, and the failovers so far. */
export interface RelayDelivery {
  readonly address: string;
  readonly url: string;
  readonly tier: number;
  readonly bytes: number;
  readonly segments: number;
  readonly lastSequence: number;
  /** Mean download time of its segments, ms. */
  readonly meanFetchMs: number;
  /** Bytes stated by the latest receipt the relay accepted (what it can be paid for). */
  readonly receiptedBytes: number;
}

export interface FailoverRecord {
  readonly from: string;
  readonly to: string | undefined;
  readonly reason: string;
  readonly tampered: boolean;
  readonly at: number;
}

export interface ViewerStats {
  readonly relays: Readonly<Record<string, RelayDelivery>>;
  readonly failovers: readonly FailoverRecord[];
  readonly currentRelay: string | undefined;
  readonly verifiedSegments: number;
  readonly rejectedSegments: number;
  /** Signed receipts the relays accepted / did not accept. */
  readonly receiptsAccepted: number;
  readonly receiptsFailed: number;
}

export const emptyViewerStats: ViewerStats = {
  relays: {},
  failovers: [],
  currentRelay: undefined,
  verifiedSegments: 0,
  rejectedSegments: 0,
  receiptsAccepted: 0,
  receiptsFailed: 0,
};

export type ViewerStatsEvent =
  | {
      type: "segment";
      relay: { address: string; url: string; tier: number };
      sequence: number;
      bytes: number;
      fetchMs: number;
    }
  | {
      type: "failover";
      from: { address: string };
      to: { address: string } | undefined;
      reason: string;
      tampered: boolean;
      at: number;
    }
  | { type: "receipt"; relay: string; bytes: number; accepted: boolean }
  | { type: "reset" };

const MAX_FAILOVERS_KEPT = 20;

/** Pure reducer: folds viewer events into the stats the page renders. */
export function reduceViewerStats(stats: ViewerStats, event: ViewerStatsEvent): ViewerStats {
  switch (event.type) {
    case "reset":
      return emptyViewerStats;
    case "segment": {
      const key = event.relay.address.toLowerCase();
      const before = stats.relays[key];
      const segments = (before?.segments ?? 0) + 1;
      const meanFetchMs = before
        ? before.meanFetchMs + (event.fetchMs - before.meanFetchMs) / segments
        : event.fetchMs;
      return {
        ...stats,
        currentRelay: key,
        verifiedSegments: stats.verifiedSegments + 1,
        relays: {
          ...stats.relays,
          [key]: {
            address: key,
            url: event.relay.url,
            tier: event.relay.tier,
            bytes: (before?.bytes ?? 0) + event.bytes,
            segments,
            lastSequence: Math.max(before?.lastSequence ?? -1, event.sequence),
            meanFetchMs,
            receiptedBytes: before?.receiptedBytes ?? 0,
          },
        },
      };
    }
    case "receipt": {
      const key = event.relay.toLowerCase();
      const before = stats.relays[key];
      if (!event.accepted) return { ...stats, receiptsFailed: stats.receiptsFailed + 1 };
      return {
        ...stats,
        receiptsAccepted: stats.receiptsAccepted + 1,
        relays: before
          ? {
              ...stats.relays,
              [key]: { ...before, receiptedBytes: Math.max(before.receiptedBytes, event.bytes) },
            }
          : stats.relays,
      };
    }
    case "failover":
      return {
        ...stats,
        currentRelay: event.to?.address.toLowerCase(),
        rejectedSegments: stats.rejectedSegments + (event.tampered ? 1 : 0),
        failovers: [
          {
            from: event.from.address.toLowerCase(),
            to: event.to?.address.toLowerCase(),
            reason: event.reason,
            tampered: event.tampered,
            at: event.at,
          },
          ...stats.failovers,
        ].slice(0, MAX_FAILOVERS_KEPT),
      };
  }
}
