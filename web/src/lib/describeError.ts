import {
  BaseError,
  ContractFunctionRevertedError,
  InsufficientFundsError,
  UserRejectedRequestError,
  type Abi,
} from "viem";
import { decodeErrorResult } from "viem";
import { CoordinatorError } from "./CoordinatorError.ts";
import { AmountInputError } from "./parseAmount.ts";

function stringifyArg(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return value;
  return JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

/** "PoolClosed(7)" from a decoded custom error. */
function describeRevert(name: string, args: readonly unknown[] | undefined): string {
  if (!args || args.length === 0) return name;
  return `${name}(${args.map(stringifyArg).join(", ")})`;
}

/** Splits "InsufficientStake" into "Insufficient stake" for the headline. */
function humanize(errorName: string): string {
  const words = errorName.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function isUserRejection(error: BaseError): boolean {
  return Boolean(
    error.walk(
      (e) =>
        e instanceof UserRejectedRequestError ||
        (typeof e === "object" &&
          e !== null &&
          "code" in e &&
          (e as { code: unknown }).code === 4001),
    ),
  );
}

/**
 * One readable sentence for any failure the app shows: wallet rejections, contract reverts
 * (custom errors decoded from `abis` when viem could not), RPC and coordinator failures.
 */
export function describeError(error: unknown, abis: readonly Abi[] = []): string {
  if (error instanceof AmountInputError) return error.message;
  if (error instanceof CoordinatorError) return error.shortMessage;
  if (error instanceof BaseError) {
    if (isUserRejection(error)) return "You rejected the request in your wallet";
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError) {
      if (revert.data?.errorName) {
        const { errorName, args } = revert.data;
        return `${humanize(errorName)}: ${describeRevert(errorName, args)}`;
      }
      if (revert.raw) {
        for (const abi of abis) {
          try {
            const decoded = decodeErrorResult({ abi, data: revert.raw });
            return `${humanize(decoded.errorName)}: ${describeRevert(decoded.errorName, decoded.args)}`;
          } catch {
            // not an error of this ABI: try the next one
          }
        }
      }
      if (revert.reason) return `Reverted: ${revert.reason}`;
      return revert.shortMessage;
    }
    if (error.walk((e) => e instanceof InsufficientFundsError)) {
      return "Your wallet does not have enough ETH to pay for gas";
    }
    return error.shortMessage;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
