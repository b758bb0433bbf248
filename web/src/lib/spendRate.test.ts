import { describe, expect, it } from "vitest";
import { estimateSpend } from "./spendRate.ts";

describe("estimateSpend", () => {
  it("measures the rate between samples and the runway of what is left", () => {
    const estimate = estimateSpend(1_000n, { at: 0, total: 100n }, { at: 10_000, total: 200n });
    expect(estimate).toEqual({ perSecond: 10, runwaySeconds: 100 });
  });
  it("is unknown while nothing is spent", () => {
    expect(estimateSpend(1_000n, { at: 0, total: 5n }, { at: 60_000, total: 5n })).toBeUndefined();
    expect(estimateSpend(1_000n, { at: 0, total: 5n }, { at: 0, total: 6n })).toBeUndefined();
  });
  it("never reports a negative runway", () => {
    expect(estimateSpend(-5n, { at: 0, total: 0n }, { at: 1_000, total: 1n })?.runwaySeconds).toBe(
      0,
    );
  });
});
