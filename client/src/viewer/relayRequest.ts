import { ViewerRequestError } from "../errors/ViewerRequestError.ts";

/**
 * One viewer request with a timeout (`timeoutMs`, plus `extraMs` for a blocking playlist
 * reload) that also ends when `signal` aborts; a failure or a non-2xx answer is a
 * ViewerRequestError.
 */
export async function relayRequest(
  fetcher: typeof globalThis.fetch,
  url: string,
  {
    init = {},
    signal,
    timeoutMs,
    extraMs = 0,
  }: { init?: RequestInit; signal: AbortSignal; timeoutMs: number; extraMs?: number },
): Promise<Response> {
  let response: Response;
  try {
    response = await fetcher(url, {
      ...init,
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs + extraMs)]),
    });
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new ViewerRequestError(url, `request failed (${message})`, undefined, { cause });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new ViewerRequestError(url, `HTTP ${response.status}`, response.status);
  }
  return response;
}
