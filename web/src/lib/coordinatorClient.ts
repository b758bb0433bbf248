/** How the web app reaches the coordinator: its base URL and a fetch (injected for tests). */
export interface CoordinatorClient {
  readonly baseUrl: string;
  readonly fetch: typeof globalThis.fetch;
}

export function createCoordinatorClient(options: {
  baseUrl: string;
  fetch?: typeof globalThis.fetch;
}): CoordinatorClient {
  return Object.freeze({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
  });
}
