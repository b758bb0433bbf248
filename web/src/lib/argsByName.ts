import type { Abi } from "viem";
import { abiFunction } from "./abiFunctions.ts";

/** The deployed ABI lacks a function the app calls (the contracts and the app disagree). */
export class MissingContractFunctionError extends Error {
  override name = "MissingContractFunctionError";
}

const normalize = (name: string) => name.replace(/^_+/, "").toLowerCase();

/**
 * A call's arguments in the ABI's order, taken from `values` by input name (leading
 * underscores and case ignored), so the app follows the deployed ABI rather than a guess.
 */
export function argsByName(abi: Abi, functionName: string, values: Readonly<Record<string, unknown>>): unknown[] {
  const fn = abiFunction(abi, functionName);
  if (!fn) throw new MissingContractFunctionError(`The deployed contract has no ${functionName}()`);
  const byName = new Map(Object.entries(values).map(([key, value]) => [normalize(key), value]));
  return fn.inputs.map((input, index) => {
    const key = normalize(input.name ?? "");
    if (!byName.has(key)) {
      throw new MissingContractFunctionError(`${functionName}() input ${index} "${input.name}" is not one the app knows`);
    }
    return byName.get(key);
  });
}
