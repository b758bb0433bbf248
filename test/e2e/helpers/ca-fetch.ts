/**
 * A fetch that trusts one extra certificate authority (a test's self-signed certificate), for
 * HTTPS nodes: Node's global fetch trusts only its bundled roots. node:https, GET and HEAD only.
 */
import { request } from "node:https";
import { Readable } from "node:stream";

export function caFetch(ca: string | Buffer): typeof fetch {
  return ((input: string | URL | Request, init: RequestInit = {}) =>
    new Promise<Response>((resolve, reject) => {
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, name) => (headers[name] = value));
      const req = request(new URL(String(input)), {
        method: init.method ?? "GET",
        headers,
        ca,
        signal: init.signal ?? undefined,
      });
      req.once("error", reject);
      req.once("response", (res) => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) responseHeaders.set(name, String(value));
        }
        const status = res.statusCode ?? 0;
        const empty = status === 204 || status === 304 || init.method === "HEAD";
        if (empty) res.resume();
        resolve(
          new Response(empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), {
            status,
            headers: responseHeaders,
          }),
        );
      });
      req.end();
    })) as typeof fetch;
}
