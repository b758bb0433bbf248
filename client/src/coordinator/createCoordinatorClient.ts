/** How to reach one coordinator: the base URL, a fetch, a timeout and, for relay routes, a token. */
export interface CoordinatorClient {
  readonly baseUrl: string;
  readonly fetch: typeof globalThis.fetch;
  /** Per-request timeout, ms; undefined waits as long as the caller's signal allows. */
  readonly timeoutMs: number | undefined;
  /**
   * The bearer token of authorised routes (POST /v1/receipts, heartbeat, fetch-log); asked on
   * every such call, so it may sign in again when the last token is about to expire.
   */
  readonly token: (() => string | Promise<string>) | undefined;
}

export function createCoordinatorClient(options: {
  baseUrl: string;
  fetch?: typeof globalThis.fetch | undefined;
  timeoutMs?: number | undefined;
  token?: (() => string | Promise<string>) | undefined;
}): CoordinatorClient {
  return Object.freeze({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    timeoutMs: options.timeoutMs,
    token: options.token,
  });
}
