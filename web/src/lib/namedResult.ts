import type { Abi } from "viem";
import { abiFunction } from "./abiFunctions.ts";

/**
 * A contract read's result as an object keyed by output name, whether viem returned a struct
 * (one tuple output), a list (several outputs) or a single value (keyed by its name or "value").
 */
export function namedResult(
  abi: Abi,
  functionName: string,
  result: unknown,
): Record<string, unknown> {
  const outputs = abiFunction(abi, functionName)?.outputs ?? [];
  if (Array.isArray(result) && outputs.length > 1) {
    return Object.fromEntries(outputs.map((output, i) => [output.name || String(i), result[i]]));
  }
  if (typeof result === "object" && result !== null && !Array.isArray(result))
    return result as Record<string, unknown>;
  return { [outputs[0]?.name || "value"]: result, value: result };
}

/** The first of `keys` holding a bigint (or a number, widened). */
export function pickBigint(
  obj: Record<string, unknown>,
  keys: readonly string[],
): bigint | undefined {
  for (const key of keys) {
    const value = obj[key];
    if (typeof value === "bigint") return value;
    if (typeof value === "number") return BigInt(value);
  }
  return undefined;
}

export function pickAddress(
  obj: Record<string, unknown>,
  keys: readonly string[],
): `0x${string}` | undefined {
  for (const key of keys) {
    const value = obj[key];
    if (typeof value === "string" && /^0x[0-9a-fA-F]{40}$/.test(value))
      return value as `0x${string}`;
  }
  return undefined;
}

export function pickBoolean(
  obj: Record<string, unknown>,
  keys: readonly string[],
): boolean | undefined {
  for (const key of keys) {
    const value = obj[key];
    if (typeof value === "boolean") return value;
  }
  return undefined;
}
