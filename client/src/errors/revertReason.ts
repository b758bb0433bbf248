/**
 * Why a contract call reverted, from any viem error: the custom error's name and arguments
 * (decoded by viem, else from `abis`), a revert string, or the bare selector.
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
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

/** The decoded revert inside `error`, or undefined when it is not a contract revert. */
export function revertReason(error: unknown, abis: readonly Abi[] = []): RevertReason | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError)) return undefined;
  const named = (name: string, args: readonly unknown[] | undefined): RevertReason => ({
    type: "error",
    name,
    args: (args ?? []).map(formatRevertArg),
  });
  if (reverted.data) return named(reverted.data.errorName, reverted.data.args);
  if (reverted.raw) {
    for (const abi of abis) {
      try {
        const decoded = decodeErrorResult({ abi, data: reverted.raw });
        return named(decoded.errorName, decoded.args);
      } catch {
        // not an error of this ABI: try the next one
      }
    }
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
