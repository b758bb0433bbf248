/**
 * The stable error codes of the coordinator's HTTP API, as `errorResponse.error.code` carries
 * them. The coordinator keys its registry (HTTP status, description) by this list, and clients
 * narrow `code` to it, so a code added here must be added there and documented.
 */
export const COORDINATOR_ERROR_CODES = [
  "VALIDATION_FAILED",
  "INVALID_JSON",
  "BAD_SIGNATURE",
  "STREAM_MISMATCH",
  "UNAUTHORIZED",
  "LOGIN_FAILED",
  "INVALID_STREAM_KEY",
  "POOL_OWNER_MISMATCH",
  "NOT_FOUND",
  "STREAM_NOT_FOUND",
  "POOL_NOT_FOUND",
  "SESSION_NOT_FOUND",
  "MANIFEST_CONFLICT",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "RATE_LIMITED",
  "SESSION_LIMIT",
  "INTERNAL",
  "NO_RELAYS_AVAILABLE",
  "UNAVAILABLE",
  "CHAIN_UNAVAILABLE",
  "ATTESTOR_UNAVAILABLE",
  "SIGNATURE_EXPIRED",
  "OWNER_SIGNATURE_INVALID",
  "STREAM_EXISTS",
  "MANIFEST_RATE_EXCEEDED",
  "NONCE_USED",
  "NO_RELEASE",
] as const;

export type CoordinatorErrorCode = (typeof COORDINATOR_ERROR_CODES)[number];

export function isCoordinatorErrorCode(value: unknown): value is CoordinatorErrorCode {
  return (COORDINATOR_ERROR_CODES as readonly unknown[]).includes(value);
}
