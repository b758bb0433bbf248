import type { CoordinatorClient } from "../lib/coordinatorClient.ts";
import { CoordinatorError } from "../lib/CoordinatorError.ts";
import type { Schema } from "../lib/schema.ts";

export interface CoordinatorRequest<T> {
  readonly method?: "GET" | "POST";
  /** Path with query, starting with /v1/. */
  readonly path: string;
  readonly body?: unknown;
  readonly schema: Schema<T>;
  readonly signal?: AbortSignal;
}

function errorBody(
  json: unknown,
): { code: string; message: string; details?: unknown } | undefined {
  if (typeof json !== "object" || json === null || !("error" in json)) return undefined;
  const error = (json as { error: unknown }).error;
  if (typeof error !== "object" || error === null) return undefined;
  const { code, message, details } = error as Record<string, unknown>;
  if (typeof code !== "string" || typeof message !== "string") return undefined;
  return { code, message, details };
}

/** Calls one coordinator route and validates the answer; every failure is a CoordinatorError. */
export async function coordinatorRequest<T>(
  client: CoordinatorClient,
  request: CoordinatorRequest<T>,
): Promise<T> {
  const url = `${client.baseUrl}${request.path}`;
  let response: Response;
  try {
    response = await client.fetch(url, {
      method: request.method ?? "GET",
      headers:
        request.body === undefined
          ? { accept: "application/json" }
          : { "content-type": "application/json", accept: "application/json" },
      body: request.body === undefined ? null : JSON.stringify(request.body),
      signal: request.signal ?? null,
    });
  } catch (cause) {
    if (request.signal?.aborted) throw cause;
    throw new CoordinatorError(`The coordinator at ${client.baseUrl} is not reachable`, {
      code: "UNREACHABLE",
      status: 0,
      cause,
    });
  }
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const body = errorBody(json);
    throw new CoordinatorError(
      body?.message ?? `The coordinator answered ${response.status} for ${request.path}`,
      {
        code: body?.code ?? "HTTP_ERROR",
        status: response.status,
        details: body?.details,
      },
    );
  }
  const parsed = request.schema.safeParse(json);
  if (!parsed.success) {
    throw new CoordinatorError(`The coordinator sent an unexpected answer for ${request.path}`, {
      code: "BAD_RESPONSE",
      status: response.status,
      details: parsed.error,
    });
  }
  return parsed.data;
}
