/**
 * Every error the coordinator answers with: one registry of stable codes, each mapped to an
 * HTTP status and documented (coordinator/README.md lists them). The body is protocol's
 * `errorResponse`: `{ error: { code, message, details? } }`. The codes themselves are protocol's
 * `COORDINATOR_ERROR_CODES` (clients type `CoordinatorError.code` with them); `satisfies`
 * makes this registry cover exactly that list.
 */
import type { CoordinatorErrorCode } from "@streamrp2p/protocol/error-codes";

export const ERROR_CODES = {
  VALIDATION_FAILED: {
    status: 400,
    description:
      "The body, path or query does not match the route's schema; `details.issues` lists each problem.",
  },
  INVALID_JSON: { status: 400, description: "The body is not valid JSON." },
  BAD_SIGNATURE: {
    status: 400,
    description:
      "A manifest entry's EIP-712 signature is not the stream's origin key's; nothing from the request was stored.",
  },
  STREAM_MISMATCH: {
    status: 400,
    description: "A manifest entry names another stream than the URL.",
  },
  SIGNATURE_EXPIRED: {
    status: 400,
    description:
      "The owner signature's `deadline` (seconds since the Unix epoch) has passed, or lies further ahead than SIGNATURE_MAX_DEADLINE_SECONDS; sign again.",
  },
  UNAUTHORIZED: {
    status: 401,
    description:
      "The route needs `Authorization: Bearer <token>` from POST /v1/auth/login; the token is missing, unknown or expired.",
  },
  LOGIN_FAILED: {
    status: 401,
    description:
      "The EIP-4361 sign-in was refused; `details.reason` is one of message, domain, chain, nonce, expired, signature.",
  },
  OWNER_SIGNATURE_INVALID: {
    status: 403,
    description:
      "The EIP-712 signature (CreateStream: by `owner`; LinkPool: by the pool's on-chain owner) does not recover to the required address; `details.recovered` names who signed.",
  },
  INVALID_STREAM_KEY: { status: 403, description: "No stream has this stream key." },
  POOL_OWNER_MISMATCH: {
    status: 403,
    description:
      "The pool's on-chain owner is not the stream's owner address (or the stream has no owner address).",
  },
  NOT_FOUND: { status: 404, description: "No such route." },
  STREAM_NOT_FOUND: { status: 404, description: "No stream has this id." },
  POOL_NOT_FOUND: { status: 404, description: "The chain has no reward pool with this id." },
  NO_RELEASE: {
    status: 404,
    description:
      "This coordinator advertises no release (RELEASE_MANIFEST_FILE is not set); relays keep the version they run.",
  },
  SESSION_NOT_FOUND: {
    status: 404,
    description: "No session has this id (never created, or expired).",
  },
  MANIFEST_CONFLICT: {
    status: 409,
    description:
      "A manifest entry's sequence is already stored with another hash; nothing from the request was stored.",
  },
  STREAM_EXISTS: {
    status: 409,
    description:
      "A stream with this id (streamIdOf(owner, salt)) already exists; pick another salt.",
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    description: "The body is larger than the configured limit (BODY_LIMIT_BYTES).",
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    description: "The route takes a JSON body: send `content-type: application/json`.",
  },
  RATE_LIMITED: {
    status: 429,
    description:
      "Too many requests from this client in the window (shared by every coordinator through Redis); retry after `Retry-After` seconds.",
  },
  NONCE_USED: {
    status: 409,
    description:
      "The owner signature's `nonce` is not above the last one accepted for this pool (a replayed or older SetViewerCap); sign again with a larger nonce.",
  },
  MANIFEST_RATE_EXCEEDED: {
    status: 429,
    description:
      "The entries would put the stream ahead of the coordinator's clock: its bytes above maxBitrate x time since its first entry arrived, or its media time above that time (each + MANIFEST_SLACK_MS); nothing was stored.",
  },
  SESSION_LIMIT: {
    status: 429,
    description:
      "The viewer's network prefix (SESSION_PREFIX_V4 / SESSION_PREFIX_V6) holds MAX_SESSIONS_PER_ADDRESS open sessions; retry after `Retry-After` seconds.",
  },
  INTERNAL: { status: 500, description: "An unexpected failure; the log has the request id." },
  NO_RELAYS_AVAILABLE: {
    status: 503,
    description:
      "No live, staked relay whose URL answered the probe can serve the stream, and no unpaid fallback place is free (FALLBACK_URL / ORIGIN_URLS unset, or MAX_FALLBACK_VIEWERS open); retry shortly.",
  },
  UNAVAILABLE: { status: 503, description: "A dependency (Redis) does not answer." },
  CHAIN_UNAVAILABLE: {
    status: 503,
    description:
      "The route reads the chain, and no CHAIN_RPC_URL is configured or the chain does not answer.",
  },
  ATTESTOR_UNAVAILABLE: {
    status: 503,
    description:
      "No attestor key is configured (ATTESTOR_PRIVATE_KEYS or ATTESTOR_KEYSTORE): attestations cannot be signed.",
  },
} as const satisfies Record<CoordinatorErrorCode, { status: number; description: string }>;

export type ErrorCode = CoordinatorErrorCode;

/** A failure with a registered code: the error handler turns it into the response. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;
  /** Extra response headers (Retry-After). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: unknown; cause?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }

  toBody(): { error: { code: ErrorCode; message: string; details?: unknown } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}
