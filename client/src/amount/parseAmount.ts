/**
 * Token amounts as people type them, with one rule for the CLI and the web app: digits in the
 * token's units, optionally grouped by commas in threes ("1,000,000"), optionally a point and
 * at most `decimals` fraction digits ("12.5"). Nothing else: no sign, no exponent, no
 * underscores, no bare ".5" or "5.", no "1,5" (a decimal comma in many locales: refused
 * rather than guessed). Surrounding whitespace is ignored; zero is refused.
 */
import { AmountError } from "../errors/AmountError.ts";

const AMOUNT = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/** `text` in base units; throws AmountError with a readable reason. */
export function parseAmount(text: string | undefined, decimals: number, symbol?: string): bigint {
  const trimmed = text?.trim() ?? "";
  if (trimmed === "") throw new AmountError("an amount is required");
  const match = AMOUNT.exec(trimmed);
  if (!match) {
    const unit = symbol ? ` ${symbol}` : "";
    throw new AmountError(
      `'${trimmed}' is not an amount: write a plain decimal number like 100, 1,000 or 12.5${unit}`,
    );
  }
  const whole = match[1]!.replaceAll(",", "");
  const fraction = match[2] ?? "";
  if (fraction.length > decimals) {
    throw new AmountError(
      `'${trimmed}' has ${fraction.length} decimal places; the token has ${decimals}`,
    );
  }
  const value = BigInt(whole + fraction.padEnd(decimals, "0"));
  if (value === 0n) throw new AmountError("the amount must be greater than zero");
  return value;
}
