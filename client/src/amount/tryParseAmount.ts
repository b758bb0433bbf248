import { parseAmount } from "./parseAmount.ts";

/** parseAmount, or undefined instead of an error (live form validation). */
export function tryParseAmount(text: string | undefined, decimals: number): bigint | undefined {
  try {
    return parseAmount(text, decimals);
  } catch {
    return undefined;
  }
}
