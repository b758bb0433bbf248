/**
 * A fetch over node:http / node:https with the socket options Node's global fetch does not
 * take: the loopback address connections leave from, or an extra trusted certificate
 * authority. Request bodies: strings only.
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { Readable } from "node:stream";

export function nodeFetch(socket: { localAddress?: string; ca?: string | Buffer }): typeof fetch {
  return ((input: string | URL | Request, init: RequestInit = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(String(input));
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, name) => (headers[name] = value));
      const body = typeof init.body === "string" ? init.body : undefined;
      if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
      const request = url.protocol === "https:" ? httpsRequest : httpRequest;
      const req = request(url, {
        method: init.method ?? "GET",
        headers,
        ...socket,
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
