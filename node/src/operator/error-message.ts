/**
 * One clear line for a failed operator command: a contract revert becomes its custom error's
 * name and arguments (viem BaseError.walk -> ContractFunctionRevertedError), other viem errors
 * their short message.
 */
import { BaseError, ContractFunctionRevertedError, HttpRequestError } from "viem";

function formatArg(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return value;
  return JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

/** The decoded revert of a contract call, if `error` is one: `{name, args}`. */
export function revertReason(error: unknown): { name: string; args: string[] } | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError)) return undefined;
  if (reverted.data) {
    return {
      name: reverted.data.errorName,
      args: (reverted.data.args ?? []).map(formatArg),
    };
  }
  if (reverted.reason) return { name: "Error", args: [reverted.reason] };
  if (reverted.signature) return { name: `unknown error ${reverted.signature}`, args: [] };
  return undefined;
}

export function errorMessage(error: unknown): string {
  const reason = revertReason(error);
  if (reason) return `the contract reverted: ${reason.name}(${reason.args.join(", ")})`;
  if (error instanceof BaseError) {
    const http = error.walk((e) => e instanceof HttpRequestError);
    if (http instanceof HttpRequestError) {
      return `cannot reach ${http.url}: ${http.details || http.shortMessage}`;
    }
    return error.shortMessage;
  }
  return error instanceof Error ? error.message : String(error);
}
