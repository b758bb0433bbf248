import { describe, expect, it } from "vitest";
import { formatDuration } from "./formatDuration.ts";

describe("formatDuration", () => {
  it("shows the two largest units", () => {
    expect(formatDuration(5)).toBe("5s");
    expect(formatDuration(65)).toBe("1m 5s");
    expect(formatDuration(3 * 3600 + 120)).toBe("3h 2m");
    expect(formatDuration(2 * 86400 + 3 * 3600)).toBe("2d 3h");
    expect(formatDuration(-3)).toBe("0s");
  });
});
