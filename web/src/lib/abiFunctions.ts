import type { Abi, AbiFunction } from "viem";

/** The function `name` of `abi`, if the ABI has one. */
export function abiFunction(abi: Abi, name: string): AbiFunction | undefined {
  return abi.find((item): item is AbiFunction => item.type === "function" && item.name === name);
}

/** The first of `names` that `abi` has as a function (for views whose name varies). */
export function firstFunction(abi: Abi, names: readonly string[]): string | undefined {
  return names.find((name) => abiFunction(abi, name) !== undefined);
}
