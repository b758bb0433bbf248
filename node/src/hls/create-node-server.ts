/**
 * The HTTP server of both modes: plain node:http, or node:https when the operator gives a
 * certificate and key (--tls-cert/--tls-key), so players on an HTTPS page can fetch from the
 * node without a mixed-content block. Keep-alive outlasts common load-balancer idle timeouts.
 */
import { createServer as createHttpServer, type RequestListener, type Server } from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";

/** PEM certificate chain and private key, as read from the operator's files. */
export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

export type NodeServer = Server | HttpsServer;

export function createNodeServer(tls: TlsFiles | undefined, handler: RequestListener): NodeServer {
  const options = { keepAliveTimeout: 65_000 };
  return tls
    ? createHttpsServer({ ...options, cert: tls.cert, key: tls.key }, handler)
    : createHttpServer(options, handler);
}

/** The scheme a client uses to reach a server made by createNodeServer. */
export function serverScheme(tls: TlsFiles | undefined): "http" | "https" {
  return tls ? "https" : "http";
}
