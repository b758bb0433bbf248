/** A fetch that answers coordinator routes from a table: `routes["GET /v1/streams"] = body`. */
export type Routes = Record<
  string,
  unknown | ((body: unknown) => { status: number; body: unknown })
>;

export function fakeCoordinatorFetch(routes: Routes): typeof globalThis.fetch {
  return async (input, init) => {
    const url = new URL(
      typeof input === "string" ? input : input instanceof URL ? input.href : input.url,
    );
    const key = `${init?.method ?? "GET"} ${url.pathname}${url.search}`;
    const route = routes[key] ?? routes[`${init?.method ?? "GET"} ${url.pathname}`];
    if (route === undefined) {
      return new Response(
        JSON.stringify({ error: { code: "NOT_FOUND", message: `no route ${key}` } }),
        { status: 404 },
      );
    }
    if (typeof route === "function") {
      const answer = (route as (body: unknown) => { status: number; body: unknown })(
        init?.body ? JSON.parse(String(init.body)) : undefined,
      );
      return new Response(JSON.stringify(answer.body), {
        status: answer.status,
        headers: { "content-type": "application/json" },
      });
    }
    return new Response(JSON.stringify(route), {
      status: 200,
      headers: { "content-type": "application/json" },
    });
  };
}

/** A fetch for a coordinator that is down. */
export const unreachableFetch: typeof globalThis.fetch = async () => {
  throw new TypeError("Failed to fetch");
};
