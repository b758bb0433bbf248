/**
 * Puts the browser at another network address than the stack's relays. On one machine every
 * process talks from 127.0.0.1, and the coordinator withholds receipts from a viewer at a
 * relay's own address (self-dealing) unless a one-machine exemption (ALLOW_LOOPBACK_VIEWERS)
 * is on. So that the browser's receipts count as a real remote viewer's would, without that
 * exemption, it is sent through this plain HTTP forward proxy, whose connections leave from
 * another loopback address (127.0.0.2 by default). Requests are forwarded unchanged; only
 * loopback targets are allowed.
 */
import { request, createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ViewerNetwork {
  /** The proxy, for playwright's `proxy: { server }`. */
  server: string;
  /** The address the proxied connections leave from. */
  localAddress: string;
  stop(): Promise<void>;
}

const LOOPBACK = /^(127(\.\d{1,3}){3}|localhost|\[::1\])$/;
const HOP_BY_HOP = ["proxy-connection", "proxy-authorization", "connection", "keep-alive"];

function forward(localAddress: string, req: IncomingMessage, res: ServerResponse): void {
  let target: URL;
  try {
    target = new URL(req.url ?? "");
  } catch {
    res.writeHead(400).end("absolute URL required");
    return;
  }
  if (target.protocol !== "http:" || !LOOPBACK.test(target.hostname)) {
    res.writeHead(403).end("only http://127.0.0.0/8 is reachable");
    return;
  }
  const headers = { ...req.headers };
  for (const name of HOP_BY_HOP) delete headers[name];
  const upstream = request(
    {
      host: target.hostname,
      port: target.port || 80,
      path: `${target.pathname}${target.search}`,
      method: req.method,
      headers,
      localAddress,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.once("error", (error) => {
    if (!res.headersSent) res.writeHead(502);
    res.end(String(error));
  });
  req.once("aborted", () => upstream.destroy());
  req.pipe(upstream);
}

export function startViewerNetwork(localAddress = "127.0.0.2"): Promise<ViewerNetwork> {
  const server = createServer((req, res) => forward(localAddress, req, res));
  // No HTTPS here: refuse tunnels instead of leaving the browser waiting.
  server.on("connect", (_req, socket) => socket.end("HTTP/1.1 405 Method Not Allowed\r\n\r\n"));
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        server: `http://127.0.0.1:${port}`,
        localAddress,
        stop: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
