/** The app's pages; the hash after "#" names one (e.g. #/watch/0xabc…). */
export type Route =
  | { readonly page: "home" }
  | { readonly page: "watch"; readonly streamId: string }
  | { readonly page: "streamer" }
  | { readonly page: "operator" }
  | { readonly page: "leaderboard" }
  | { readonly page: "explore" }
  | { readonly page: "notFound"; readonly path: string };

/** Parses a location hash ("#/watch/0x…") into a route. */
export function matchRoute(hash: string): Route {
  const path = hash.replace(/^#/, "").replace(/\/+$/, "") || "/";
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  const [first, second, ...rest] = parts;
  if (parts.length === 0) return { page: "home" };
  if (first === "watch" && second && rest.length === 0) return { page: "watch", streamId: second };
  if (
    parts.length === 1 &&
    (first === "streamer" || first === "operator" || first === "leaderboard" || first === "explore")
  ) {
    return { page: first };
  }
  return { page: "notFound", path };
}

/** The hash for a route, for links. */
export function routeHref(route: Route): string {
  switch (route.page) {
    case "home":
      return "#/";
    case "watch":
      return `#/watch/${encodeURIComponent(route.streamId)}`;
    case "notFound":
      return `#${route.path}`;
    default:
      return `#/${route.page}`;
  }
}
