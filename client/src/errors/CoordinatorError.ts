import type { CoordinatorErrorCode } from "@streamrp2p/protocol/error-codes";

/**
 * Codes the client assigns itself: the coordinator could not be reached, answered something
 * that does not match the route's schema, answered an error without a known code, or the
 * request was refused before it was sent.
 */
export type CoordinatorClientErrorCode =
  "UNREACHABLE" | "BAD_RESPONSE" | "HTTP_ERROR" | "INVALID_REQUEST" | "NOT_SIGNED_IN";

/**
 * A failed coordinator call (viem's BaseError shape: `shortMessage`, `details`, `cause`):
 * `code` is the coordinator's stable error code or one of CoordinatorClientErrorCode,
 * `status` the HTTP status (0 when no answer arrived).
 */
export class CoordinatorError extends Error {
  override readonly name = "CoordinatorError";
  readonly code: CoordinatorErrorCode | CoordinatorClientErrorCode;
  readonly status: number;
  readonly shortMessage: string;
  readonly details: unknown;

  constructor(
    shortMessage: string,
    options: {
      code: CoordinatorErrorCode | CoordinatorClientErrorCode;
      status: number;
      details?: unknown;
      cause?: unknown;
    },
  ) {
    super(shortMessage, options.cause === undefined ? undefined : { cause: options.cause });
    this.shortMessage = shortMessage;
    this.code = options.code;
    this.status = options.status;
    this.details = options.details;
  }

  /** True when the route or the thing it names does not exist on this coordinator. */
  get isNotFound(): boolean {
    return this.status === 404;
  }
}
