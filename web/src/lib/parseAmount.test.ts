import { describe, expect, it } from "vitest";
import { AmountInputError, parseAmount, tryParseAmount } from "./parseAmount.ts";

describe("parseAmount", () => {
  it("parses decimals into base units", () => {
    expect(parseAmount("1.5", 6)).toBe(1_500_000n);
    expect(parseAmount(" 1,000 ", 6)).toBe(1_000_000_000n);
    expect(parseAmount(".25", 2)).toBe(25n);
  });
  it("rejects junk, zero and too many decimals with a readable reason", () => {
    expect(() => parseAmount("", 6)).toThrow("Enter an amount");
    expect(() => parseAmount("abc", 6)).toThrow(AmountInputError);
    expect(() => parseAmount("1e5", 6)).toThrow("Not a number");
    expect(() => parseAmount("0", 6)).toThrow("more than zero");
    expect(() => parseAmount("0.0000001", 6)).toThrow("At most 6 decimal places");
  });
  it("tryParseAmount returns undefined instead of throwing", () => {
    expect(tryParseAmount("-1", 6)).toBeUndefined();
    expect(tryParseAmount("2", 0)).toBe(2n);
  });
});
