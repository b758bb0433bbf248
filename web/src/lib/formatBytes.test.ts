import { describe, expect, it } from "vitest";
import { formatBytes } from "./formatBytes.ts";

describe("formatBytes", () => {
  it("uses decimal units like the per-GB rate", () => {
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(1_500)).toBe("1.50 KB");
    expect(formatBytes(12_345_678)).toBe("12.3 MB");
    expect(formatBytes(2_000_000_000n)).toBe("2.00 GB");
  });
});
