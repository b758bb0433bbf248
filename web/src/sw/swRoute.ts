/**
 * What the service worker does with a request. It caches the app shell only: never the live
 * stream (playlists, segments) and never an API answer, which must always be fresh (and are
 * verified or authenticated per request).
 */
export type SwRoute =
  /** A page load: the network first, the cached shell when offline. */
  | "shell"
  /** A build file (hashed name, never changes) or a precached icon: the cache first. */
  | "static"
  /** Not ours to answer: the browser fetches it as if there were no service worker. */
  | "network";

/** Playlists and media segments, wherever they come from. */
const MEDIA = /\.(m3u8|ts|m4s|mp4|aac|m4a|vtt)$/i;

export function swRoute(
  request: { readonly url: string; readonly method: string; readonly mode: string },
  origin: string,
  precached: ReadonlySet<string>,
): SwRoute {
  if (request.method !== "GET") return "network";
  const url = new URL(request.url);
  // The coordinator, the relays, the origin and the chain RPC are other origins.
  if (url.origin !== origin) return "network";
  if (MEDIA.test(url.pathname) || url.pathname.startsWith("/v1/")) return "network";
  if (request.mode === "navigate") return "shell";
  if (url.pathname.startsWith("/assets/") || precached.has(url.pathname)) return "static";
  return "network";
}
