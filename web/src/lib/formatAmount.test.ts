import { describe, expect, it } from "vitest";
import { formatAmount, formatBytes, formatDuration, shortAddress } from "./formatAmount.ts";

describe("formatAmount", () => {
  it("groups thousands and truncates the fraction", () => {
    expect(formatAmount(1_234_567_891_234n, 6)).toBe("1,234,567.8912");
    expect(formatAmount(1_234_567_891_234n, 6, { maxFractionDigits: 2, symbol: "TST" })).toBe(
      "1,234,567.89 TST",
    );
  });
  it("never uses scientific notation, even for huge or tiny values", () => {
    expect(formatAmount(10n ** 40n, 18)).toBe("10,000,000,000,000,000,000,000");
    expect(formatAmount(1n, 18, { maxFractionDigits: 18 })).toBe("0.000000000000000001");
    expect(formatAmount(1n, 18)).toBe("<0.0001");
  });
  it("shows zero, whole numbers and negatives plainly", () => {
    expect(formatAmount(0n, 6)).toBe("0");
    expect(formatAmount(5_000_000n, 6)).toBe("5");
    expect(formatAmount(-1_500_000n, 6)).toBe("-1.5");
  });
});

describe("formatBytes", () => {
  it("uses decimal units like the per-GB rate", () => {
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(1_500)).toBe("1.50 KB");
    expect(formatBytes(12_345_678)).toBe("12.3 MB");
    expect(formatBytes(2_000_000_000n)).toBe("2.00 GB");
  });
});

describe("formatDuration", () => {
  it("shows the two largest units", () => {
    expect(formatDuration(5)).toBe("5s");
    expect(formatDuration(65)).toBe("1m 5s");
    expect(formatDuration(3 * 3600 + 120)).toBe("3h 2m");
    expect(formatDuration(2 * 86400 + 3 * 3600)).toBe("2d 3h");
    expect(formatDuration(-3)).toBe("0s");
  });
});

describe("shortAddress", () => {
  it("keeps the start and the end", () => {
    expect(shortAddress("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266")).toBe("0xf39f…2266");
  });
});
