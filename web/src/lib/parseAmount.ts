import { parseUnits } from "viem";

/** Why an amount typed by the user was not accepted. */
export class AmountInputError extends Error {
  override name = "AmountInputError";
}

/** Parses a decimal amount typed by the user into base units; rejects zero and junk. */
export function parseAmount(input: string, decimals: number): bigint {
  const text = input.trim().replace(/,/g, "");
  if (text === "") throw new AmountInputError("Enter an amount");
  if (!/^\d*(\.\d*)?$/.test(text) || text === ".") throw new AmountInputError("Not a number");
  const fraction = text.split(".")[1] ?? "";
  if (fraction.length > decimals) {
    throw new AmountInputError(`At most ${decimals} decimal places`);
  }
  const value = parseUnits(text, decimals);
  if (value === 0n) throw new AmountInputError("Amount must be more than zero");
  return value;
}

/** Like parseAmount, but returns undefined instead of throwing (for live form validation). */
export function tryParseAmount(input: string, decimals: number): bigint | undefined {
  try {
    return parseAmount(input, decimals);
  } catch {
    return undefined;
  }
}
