// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { emptyViewerStats, reduceViewerStats } from "../player/viewerStats.ts";
import { DeliveryPanel } from "./DeliveryPanel.tsx";

describe("DeliveryPanel", () => {
  it("shows each relay's delivery and the failovers", () => {
    let stats = reduceViewerStats(emptyViewerStats, {
      type: "segment",
      relay: { address: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", url: "http://a", tier: 1 },
      sequence: 1,
      bytes: 1_500_000,
      fetchMs: 42,
    });
    stats = reduceViewerStats(stats, {
      type: "receipt",
      relay: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
      bytes: 1_000_000,
      accepted: true,
    });
    stats = reduceViewerStats(stats, {
      type: "failover",
      from: { address: "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc" },
      to: undefined,
      reason: "hash mismatch",
      tampered: true,
      at: 1,
    });
    render(<DeliveryPanel stats={stats} />);
    expect(screen.getByTestId("verified-segments").textContent).toBe("1");
    expect(screen.getByTestId("receipts-accepted").textContent).toBe("1");
    const row = screen.getByTestId("delivery-table").querySelector("tbody tr");
    expect(row?.textContent).toBe("0x7099…79c8 11.50 MB11.00 MB42 ms");
    expect(screen.getByText(/Rejected tampered data from/).textContent).toContain("hash mismatch");
  });
});
