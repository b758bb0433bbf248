/**
 * Every error the advisor reports to an MCP client, after viem's `BaseError`: a stable code, a
 * short message, optional details and the cause. Tools answer these as `isError` results whose
 * text starts with the code, so clients can tell them apart.
 */
export const ADVISOR_ERROR_CODES = {
  NO_MODEL: "No model can answer: the client offers no sampling and no LLM provider is configured.",
  MODEL_FAILED:
    "The model (client sampling or the configured provider) failed or returned no text.",
  COORDINATOR_UNAVAILABLE: "The coordinator's HTTP API did not answer or answered an error.",
  CHAIN_UNAVAILABLE: "The chain did not answer a read (or no CHAIN_RPC_URL is configured).",
  NOT_FOUND: "No consultation, relay, or pool has this id.",
} as const;

export type AdvisorErrorCode = keyof typeof ADVISOR_ERROR_CODES;

export class AdvisorError extends Error {
  override readonly name = "AdvisorError";
  readonly code: AdvisorErrorCode;
  readonly shortMessage: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: AdvisorErrorCode,
    shortMessage: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(`${code}: ${shortMessage}`, { cause: options.cause });
    this.code = code;
    this.shortMessage = shortMessage;
    this.details = options.details;
  }
}

/** What to tell a user whose client has no sampling and whose server has no provider. */
export const NO_MODEL_HELP =
  "Enable one of: (1) an MCP client that supports sampling (sampling/createMessage), which answers with its own model; " +
  "(2) ADVISOR_LLM_PROVIDER=anthropic with ADVISOR_LLM_API_KEY and ADVISOR_LLM_MODEL; " +
  "(3) ADVISOR_LLM_PROVIDER=openai with ADVISOR_LLM_MODEL, ADVISOR_LLM_BASE_URL for any OpenAI-compatible endpoint, and ADVISOR_LLM_API_KEY if it needs one. " +
  "Or run the persona prompts (prompts/list) with your own model.";
