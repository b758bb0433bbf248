/**
 * One clear line for a failed operator command: a contract revert becomes its custom error's
 * name and arguments (the client's revertReason), other viem errors their short message.
 */
import { BaseError, HttpRequestError } from "viem";
import { formatRevert, revertReason } from "@streamrp2p/client/errors/revertReason";

export function errorMessage(error: unknown): string {
  const reason = revertReason(error);
  if (reason) return `the contract reverted: ${formatRevert(reason)}`;
  if (error instanceof BaseError) {
    const http = error.walk((e) => e instanceof HttpRequestError);
    if (http instanceof HttpRequestError) {
      return `cannot reach ${http.url}: ${http.details || http.shortMessage}`;
    }
    return error.shortMessage;
  }
  return error instanceof Error ? error.message : String(error);
}
