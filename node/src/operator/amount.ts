/**
 * Token amounts as operators type and read them: plain decimal strings in the token's units
 * ("12.5"), never floats and never scientific notation.
 */
import { formatUnits } from "viem";

export class AmountError extends Error {
  override readonly name = "AmountError";
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** Parses a positive amount with at most `decimals` fraction digits into base units. */
export function parseAmount(text: string | undefined, decimals: number, symbol = ""): bigint {
  const unit = symbol ? ` ${symbol}` : "";
  if (text === undefined || text.trim() === "") throw new AmountError("an amount is required");
  const match = DECIMAL.exec(text.trim());
  if (!match) {
    throw new AmountError(
      `'${text}' is not an amount: write a plain decimal number like 100 or 12.5${unit}`,
    );
  }
  const whole = match[1]!;
  const fraction = match[2] ?? "";
  if (fraction.length > decimals) {
    throw new AmountError(
      `'${text}' has ${fraction.length} decimal places; the token has ${decimals}`,
    );
  }
  const value = BigInt(whole + fraction.padEnd(decimals, "0"));
  if (value === 0n) throw new AmountError("the amount must be greater than zero");
  return value;
}

/** `value` base units as a decimal string in token units, with the symbol when given. */
export function formatAmount(value: bigint, decimals: number, symbol?: string): string {
  const text = formatUnits(value, decimals);
  return symbol ? `${text} ${symbol}` : text;
}

/** A duration in seconds as "2d 3h 4m 5s" (largest units first, zero parts left out). */
export function formatDuration(seconds: number): string {
  if (seconds <= 0) return "0s";
  const parts: string[] = [];
  const units: [string, number][] = [
    ["d", 86_400],
    ["h", 3600],
    ["m", 60],
    ["s", 1],
  ];
  let rest = Math.floor(seconds);
  for (const [name, size] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n}${name}`);
  }
  return parts.join(" ");
}
