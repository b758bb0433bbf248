/**
 * Sends one request to a coordinator route; an error answer, a timeout or an unreachable
 * coordinator becomes a CoordinatorError whose code is the coordinator's (or the client's).
 */
import { errorResponse } from "@streamrp2p/protocol/api";
import { isCoordinatorErrorCode } from "@streamrp2p/protocol/error-codes";
import { CoordinatorError } from "../errors/CoordinatorError.ts";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";

export interface CoordinatorRequest {
  readonly method?: "GET" | "POST" | undefined;
  /** Path with query, starting with /v1/. */
  readonly path: string;
  readonly body?: unknown;
  /** Sends the client's bearer token. */
  readonly authorised?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
}

export async function coordinatorFetch(
  client: CoordinatorClient,
  request: CoordinatorRequest,
): Promise<Response> {
  const method = request.method ?? "GET";
  const headers: Record<string, string> = { accept: "application/json" };
  if (request.body !== undefined) headers["content-type"] = "application/json";
  if (request.authorised) {
    if (!client.token) {
      throw new CoordinatorError(`${method} ${request.path} needs a signed-in client`, {
        code: "NOT_SIGNED_IN",
        status: 0,
      });
    }
    headers.authorization = `Bearer ${await client.token()}`;
  }
  const signals = [
    ...(request.signal ? [request.signal] : []),
    ...(client.timeoutMs === undefined ? [] : [AbortSignal.timeout(client.timeoutMs)]),
  ];
  let response: Response;
  try {
    response = await client.fetch(`${client.baseUrl}${request.path}`, {
      method,
      headers,
      body: request.body === undefined ? null : JSON.stringify(request.body),
      signal: signals.length === 0 ? null : AbortSignal.any(signals),
    });
  } catch (cause) {
    if (request.signal?.aborted) throw cause;
    throw new CoordinatorError(`The coordinator at ${client.baseUrl} is not reachable`, {
      code: "UNREACHABLE",
      status: 0,
      cause,
    });
  }
  if (response.ok) return response;
  const body = errorResponse.safeParse(await response.json().catch(() => undefined));
  const error = body.success ? body.data.error : undefined;
  throw new CoordinatorError(
    error?.message ?? `The coordinator answered ${response.status} for ${method} ${request.path}`,
    {
      code: isCoordinatorErrorCode(error?.code) ? error.code : "HTTP_ERROR",
      status: response.status,
      details: error?.details,
    },
  );
}
