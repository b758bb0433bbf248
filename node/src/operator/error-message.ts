/**
 * One clear line for a failed operator command: a contract revert becomes its custom error's
 * name and arguments (the client's revertReason), other viem errors their short message.
 */
import { BaseError, HttpRequestError } from "viem";
import { formatRevert, revertReason } from "@streamrp2p/client/errors/revertReason";

/** What to do about the custom errors an operator can cause by mistake. */
const HINTS: Record<string, string> = {
  RelayKeyTaken:
    "this relay key already acts for another operator: revoke it from that wallet, or run keygen for a new key",
  SignatureExpired:
    "the relay key's authorization expired: run authorize again (--valid-for sets how long it lasts)",
  InvalidRelayKeySignature:
    "the signature is not the relay key's for this wallet: sign again with --operator set to the wallet that sends it, on the same --chain-id",
  NotRelayKeyOperator: "only the wallet that authorized the relay key can revoke it",
  UnknownRelayKey: "the relay key is not authorized (or already revoked)",
};

export function errorMessage(error: unknown): string {
  const reason = revertReason(error);
  if (reason) {
    const hint = reason.type === "error" ? HINTS[reason.name] : undefined;
    return `the contract reverted: ${formatRevert(reason)}${
      hint
        ? `
  ${hint}`
        : ""
    }`;
  }
  if (error instanceof BaseError) {
    const http = error.walk((e) => e instanceof HttpRequestError);
    if (http instanceof HttpRequestError) {
      return `cannot reach ${http.url}: ${http.details || http.shortMessage}`;
    }
    return error.shortMessage;
  }
  return error instanceof Error ? error.message : String(error);
}
