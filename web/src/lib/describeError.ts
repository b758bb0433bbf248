import { BaseError, ContractFunctionRevertedError, InsufficientFundsError, type Abi } from "viem";
import { AmountError, CoordinatorError, formatRevert, revertReason } from "@streamrp2p/client";
import { isUserRejection } from "./isUserRejection.ts";

/** Splits "InsufficientStake" into "Insufficient stake" for the headline. */
function humanize(errorName: string): string {
  const words = errorName.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * One readable sentence for any failure the app shows: wallet rejections, contract reverts
 * (custom errors decoded from `abis` when viem could not), RPC and coordinator failures. The app's own
 * errors (a declined signature: SignatureDeclinedError) carry their sentence as the message.
 */
export function describeError(error: unknown, abis: readonly Abi[] = []): string {
  if (error instanceof AmountError) return error.message;
  if (error instanceof CoordinatorError) return error.shortMessage;
  if (error instanceof BaseError) {
    if (isUserRejection(error)) return "You rejected the request in your wallet";
    const reason = revertReason(error, abis);
    if (reason?.type === "error") return `${humanize(reason.name)}: ${formatRevert(reason)}`;
    if (reason?.type === "reason") return `Reverted: ${reason.reason}`;
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError) return revert.shortMessage;
    if (error.walk((e) => e instanceof InsufficientFundsError)) {
      return "Your wallet does not have enough ETH to pay for gas";
    }
    return error.shortMessage;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
