/**
 * A fetch whose connections leave from a chosen loopback address (127.0.0.2, ...), so simulated
 * viewers on this machine are at another network address than the relays (the coordinator
 * refuses receipts from viewers at a relay's own address as self-dealing). node:http only.
 */
import { request } from "node:http";
import { Readable } from "node:stream";

export function loopbackFetch(localAddress: string): typeof fetch {
  return ((input: string | URL | Request, init: RequestInit = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(String(input));
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, name) => (headers[name] = value));
      const body = typeof init.body === "string" ? init.body : undefined;
      if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
      const req = request(url, {
        method: init.method ?? "GET",
        headers,
        localAddress,
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
      req.end(body);
    })) as typeof fetch;
}
