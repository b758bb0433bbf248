import type { Abi, AbiFunction } from "viem";

/** The function `name` of `abi`, if the ABI has one. */
export function abiFunction(abi: Abi, name: string): AbiFunction | undefined {
  return abi.find((item): item is AbiFunction => item.type === "function" && item.name === name);
}
