import { describe, expect, it } from "vitest";
import { emptyViewerStats, reduceViewerStats, type ViewerStatsEvent } from "./viewerStats.ts";

const relayA = { address: "0xAAAA000000000000000000000000000000000001", url: "http://a", tier: 1 };
const relayB = { address: "0xbbbb000000000000000000000000000000000002", url: "http://b", tier: 2 };

describe("reduceViewerStats", () => {
  it("sums bytes and segments per relay and averages fetch time", () => {
    const events: ViewerStatsEvent[] = [
      { type: "segment", relay: relayA, sequence: 10, bytes: 1000, fetchMs: 10 },
      { type: "segment", relay: relayA, sequence: 11, bytes: 2000, fetchMs: 30 },
    ];
    const stats = events.reduce(reduceViewerStats, emptyViewerStats);
    expect(stats.verifiedSegments).toBe(2);
    expect(stats.currentRelay).toBe(relayA.address.toLowerCase());
    expect(stats.relays[relayA.address.toLowerCase()]).toMatchObject({
      receiptedBytes: 0,
      bytes: 3000,
      segments: 2,
      lastSequence: 11,
      meanFetchMs: 20,
    });
  });
  it("records failovers, counting tampering as a rejected segment", () => {
    const stats = [
      { type: "segment", relay: relayA, sequence: 1, bytes: 1, fetchMs: 1 },
      {
        type: "failover",
        from: relayA,
        to: relayB,
        reason: "hash mismatch",
        tampered: true,
        at: 5,
      },
    ].reduce((s, e) => reduceViewerStats(s, e as ViewerStatsEvent), emptyViewerStats);
    expect(stats.rejectedSegments).toBe(1);
    expect(stats.currentRelay).toBe(relayB.address);
    expect(stats.failovers[0]).toEqual({
      from: relayA.address.toLowerCase(),
      to: relayB.address,
      reason: "hash mismatch",
      tampered: true,
      at: 5,
    });
    expect(reduceViewerStats(stats, { type: "reset" })).toBe(emptyViewerStats);
  });

  it("tracks what the relays' accepted receipts state", () => {
    const events: ViewerStatsEvent[] = [
      { type: "segment", relay: relayA, sequence: 1, bytes: 1000, fetchMs: 1 },
      { type: "receipt", relay: relayA.address, bytes: 1000, accepted: true },
      { type: "receipt", relay: relayA.address, bytes: 3000, accepted: false },
    ];
    const stats = events.reduce(reduceViewerStats, emptyViewerStats);
    expect(stats.receiptsAccepted).toBe(1);
    expect(stats.receiptsFailed).toBe(1);
    expect(stats.relays[relayA.address.toLowerCase()]?.receiptedBytes).toBe(1000);
  });
});
