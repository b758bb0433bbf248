import { describe, expect, it } from "vitest";
import { poolRunwaySeconds } from "./poolRunway.ts";

describe("poolRunwaySeconds", () => {
  it("is whole epochs of spend times the epoch length", () => {
    expect(poolRunwaySeconds(1000n, 100n, 60)).toBe(600);
    expect(poolRunwaySeconds(1050n, 100n, 60)).toBe(600);
  });
  it("is unknown when nothing is spent", () => {
    expect(poolRunwaySeconds(1000n, 0n, 60)).toBeUndefined();
    expect(poolRunwaySeconds(1000n, 10n, 0)).toBeUndefined();
  });
});
