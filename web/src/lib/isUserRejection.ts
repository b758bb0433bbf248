import { BaseError, UserRejectedRequestError } from "viem";

/** Whether the wallet's user refused the request (viem's UserRejectedRequestError, EIP-1193 code 4001). */
export function isUserRejection(error: unknown): boolean {
  if (!(error instanceof BaseError)) return hasRejectionCode(error);
  return Boolean(error.walk((e) => e instanceof UserRejectedRequestError || hasRejectionCode(e)));
}

function hasRejectionCode(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === 4001;
}
