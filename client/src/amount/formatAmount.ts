/**
 * Base units as token units, with the one rule parseAmount reads back: exact decimal (never
 * floats, never scientific notation), the integer part grouped by commas in threes, trailing
 * fraction zeros dropped. `maxFractionDigits` truncates the fraction for display (never
 * rounding up); a non-zero amount that truncates to 0 shows as "<0.0001".
 */
import { formatUnits } from "viem";

export interface FormatAmountOptions {
  /** Most fraction digits to show; default: all of them (exact). */
  readonly maxFractionDigits?: number | undefined;
  readonly symbol?: string | undefined;
}

export function formatAmount(
  value: bigint,
  decimals: number,
  { maxFractionDigits = decimals, symbol }: FormatAmountOptions = {},
): string {
  const negative = value < 0n;
  const [integer = "0", fraction = ""] = formatUnits(negative ? -value : value, decimals).split(
    ".",
  );
  const shown = fraction.slice(0, maxFractionDigits).replace(/0+$/, "");
  let text = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (shown ? `.${shown}` : "");
  if (text === "0" && value !== 0n) {
    text = `<${maxFractionDigits === 0 ? "1" : `0.${"0".repeat(maxFractionDigits - 1)}1`}`;
  }
  if (negative) text = `-${text}`;
  return symbol ? `${text} ${symbol}` : text;
}
