import assert from "node:assert/strict";
import { test } from "node:test";
import { AmountError } from "../src/errors/AmountError.ts";
import { formatAmount } from "../src/amount/formatAmount.ts";
import { parseAmount } from "../src/amount/parseAmount.ts";
import { tryParseAmount } from "../src/amount/tryParseAmount.ts";

test("parseAmount: decimals and comma-grouped thousands in token units, exact in base units", () => {
  assert.equal(parseAmount("100", 6), 100_000_000n);
  assert.equal(parseAmount("12.5", 6), 12_500_000n);
  assert.equal(parseAmount("0.000001", 6), 1n);
  assert.equal(parseAmount(" 7 ", 18), 7n * 10n ** 18n);
  assert.equal(parseAmount("1,000", 6), 1_000_000_000n);
  assert.equal(parseAmount("1,234,567.5", 1), 12_345_675n);
  assert.equal(parseAmount("123456789012345678901234567890", 0), 123456789012345678901234567890n);
});

test("parseAmount: refuses garbage with a reason, never guesses", () => {
  for (const [text, message] of [
    ["", /required/],
    ["   ", /required/],
    ["-1", /not an amount/],
    ["+1", /not an amount/],
    ["1e6", /not an amount/],
    ["0x10", /not an amount/],
    ["1,5", /not an amount/], // a decimal comma in many locales
    ["1,00", /not an amount/],
    ["1000,000", /not an amount/],
    [",100", /not an amount/],
    ["1_000", /not an amount/],
    ["1 000", /not an amount/],
    [".5", /not an amount/],
    ["5.", /not an amount/],
    [".", /not an amount/],
    ["1.2.3", /not an amount/],
    ["abc", /not an amount/],
    ["Infinity", /not an amount/],
    ["NaN", /not an amount/],
    ["１２", /not an amount/], // full-width digits
    ["0", /greater than zero/],
    ["0.000", /greater than zero/],
    ["0.0000001", /7 decimal places; the token has 6/],
  ] as const) {
    assert.throws(
      () => parseAmount(text, 6),
      (e: Error) => e instanceof AmountError && message.test(e.message),
      text,
    );
  }
  assert.throws(() => parseAmount(undefined, 6), AmountError);
  assert.match(
    (() => {
      try {
        parseAmount("x", 6, "tUSD");
        return "";
      } catch (e) {
        return (e as Error).message;
      }
    })(),
    /like 100, 1,000 or 12\.5 tUSD/,
  );
});

test("tryParseAmount: undefined instead of an error", () => {
  assert.equal(tryParseAmount("-1", 6), undefined);
  assert.equal(tryParseAmount("2", 0), 2n);
});

test("formatAmount: exact, grouped, never scientific; truncates only when asked", () => {
  assert.equal(formatAmount(1n, 18, { symbol: "ETH" }), "0.000000000000000001 ETH");
  assert.equal(formatAmount(10n ** 30n, 6), "1,000,000,000,000,000,000,000,000");
  assert.equal(formatAmount(12_500_000n, 6, { symbol: "tUSD" }), "12.5 tUSD");
  assert.equal(formatAmount(0n, 6), "0");
  assert.equal(formatAmount(-1_500_000n, 6), "-1.5");
  assert.equal(formatAmount(1_234_567_891_234n, 6, { maxFractionDigits: 4 }), "1,234,567.8912");
  assert.equal(formatAmount(1n, 18, { maxFractionDigits: 4 }), "<0.0001");
  assert.equal(formatAmount(1n, 18, { maxFractionDigits: 0 }), "<1");
});

test("formatAmount and parseAmount round-trip", () => {
  for (const value of [1n, 999n, 1_000n, 123_456_789n, 10n ** 24n + 7n]) {
    assert.equal(parseAmount(formatAmount(value, 6), 6), value);
  }
});
