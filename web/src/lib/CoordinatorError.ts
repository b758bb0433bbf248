/** Error codes the web app itself assigns; others come from the coordinator's error body. */
export type CoordinatorClientCode = "UNREACHABLE" | "BAD_RESPONSE" | "HTTP_ERROR";

/**
 * A failed coordinator call: `code` is the coordinator's stable error code (or one of
 * CoordinatorClientCode), `status` the HTTP status (0 when it could not be reached).
 */
export class CoordinatorError extends Error {
  override name = "CoordinatorError";
  readonly code: string;
  readonly status: number;
  readonly shortMessage: string;
  readonly details: unknown;

  constructor(
    shortMessage: string,
    options: { code: string; status: number; details?: unknown; cause?: unknown },
  ) {
    super(shortMessage, { cause: options.cause });
    this.shortMessage = shortMessage;
    this.code = options.code;
    this.status = options.status;
    this.details = options.details;
  }

  /** True when the route does not exist (yet) on this coordinator. */
  get isNotFound(): boolean {
    return this.status === 404;
  }
}
