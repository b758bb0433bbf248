/**
 * Why a contract call reverted, from any viem error: the custom error's name and arguments
 * (decoded by viem, else from `abis`), a revert string, or the bare selector.
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  isHex,
  slice,
  type Abi,
  type Hex,
} from "viem";

export type RevertReason =
  | { readonly type: "error"; readonly name: string; readonly args: readonly string[] }
  | { readonly type: "reason"; readonly reason: string }
  | { readonly type: "selector"; readonly selector: Hex };

/** A revert argument as text: bigints in decimal, strings as they are, the rest as JSON. */
function formatRevertArg(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return value;
  return JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

function named(name: string, args: readonly unknown[] | undefined): RevertReason {
  return { type: "error", name, args: (args ?? []).map(formatRevertArg) };
}

/** `data` decoded with the first of `abis` that has its error (Error and Panic always). */
function decodeRevertData(data: Hex, abis: readonly Abi[]): RevertReason | undefined {
  for (const abi of abis.length === 0 ? [[] as Abi] : abis) {
    try {
      const decoded = decodeErrorResult({ abi, data });
      if (decoded.errorName === "Error" && typeof decoded.args?.[0] === "string") {
        return { type: "reason", reason: decoded.args[0] };
      }
      return named(decoded.errorName, decoded.args);
    } catch {
      // not an error of this ABI: try the next one
    }
  }
  return undefined;
}

/**
 * Revert data that an RPC error carries although viem did not read the error as a revert.
 * Nodes answer a reverted eth_call / eth_estimateGas with code 3 and the data (geth, anvil,
 * Hardhat when it can trace the revert to source); Hardhat's node answers -32000 with
 * `{ message, data }` when it cannot (e.g. some reverts of viaIR-optimised code), which viem
 * reports as InvalidInputRpcError ("Missing or invalid parameters").
 */
function rpcRevertData(error: BaseError): Hex | undefined {
  let found: Hex | undefined;
  error.walk((e) => {
    const data: unknown =
      typeof e === "object" && e !== null && "data" in e
        ? (e as { data: unknown }).data
        : undefined;
    const hex =
      typeof data === "object" && data !== null && "data" in data
        ? (data as { data: unknown }).data
        : data;
    // At least a selector (0x + 8 hex digits) and whole bytes.
    if (typeof hex === "string" && isHex(hex) && hex.length >= 10 && hex.length % 2 === 0) {
      found = hex;
      return true;
    }
    return false;
  });
  return found;
}

/** The decoded revert inside `error`, or undefined when it is not a contract revert. */
export function revertReason(error: unknown, abis: readonly Abi[] = []): RevertReason | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError)) {
    const data = rpcRevertData(error);
    if (data === undefined) return undefined;
    return decodeRevertData(data, abis) ?? { type: "selector", selector: slice(data, 0, 4) };
  }
  if (reverted.data) return named(reverted.data.errorName, reverted.data.args);
  if (reverted.raw) {
    const decoded = decodeRevertData(reverted.raw, abis);
    if (decoded?.type === "error") return decoded;
  }
  if (reverted.reason) return { type: "reason", reason: reverted.reason };
  if (reverted.signature) return { type: "selector", selector: reverted.signature };
  return undefined;
}

/** "PoolClosed(7)", "NothingToWithdraw", "Error(reason)" or "unknown error 0x12345678". */
export function formatRevert(reason: RevertReason): string {
  switch (reason.type) {
    case "error":
      return reason.args.length === 0 ? reason.name : `${reason.name}(${reason.args.join(", ")})`;
    case "reason":
      return `Error(${reason.reason})`;
    case "selector":
      return `unknown error ${reason.selector}`;
  }
}
