/**
 * The Streamable HTTP transport: POST/GET/DELETE /mcp with one session (and one server) per
 * client, so the server can ask the client's model (sampling) during a tool call; plus
 * GET /metrics (Prometheus) and GET /healthz. Built by a factory, separate from listen.
 */
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import express, { type Express, type Request, type Response } from "express";
import { localhostHostValidation } from "@modelcontextprotocol/sdk/server/middleware/hostHeaderValidation.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { createAdvisorServer, type ServerDeps } from "./server.ts";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

export interface HttpApp {
  app: Express;
  /** Open MCP sessions. */
  sessions(): number;
  /** Closes every session's transport. */
  close(): Promise<void>;
}

export function createHttpApp(deps: ServerDeps & { host: string }): HttpApp {
  const { logger } = deps;
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const app = express();
  app.disable("x-powered-by");
  // DNS-rebinding protection when bound to loopback (a browser page cannot reach the server).
  if (LOOPBACK.has(deps.host)) app.use(localhostHostValidation());

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok", sessions: transports.size });
  });
  app.get("/metrics", async (_req, res) => {
    try {
      const registry = deps.metrics?.registry;
      if (!registry) {
        res.status(404).end();
        return;
      }
      res.type(registry.contentType).send(await registry.metrics());
    } catch (error) {
      logger.error({ err: error }, "metrics failed");
      res.status(503).type("text/plain").send("metrics unavailable\n");
    }
  });

  const rpcError = (res: Response, status: number, message: string) =>
    res.status(status).json({ jsonrpc: "2.0", error: { code: -32000, message }, id: null });

  app.post("/mcp", express.json({ limit: "1mb" }), async (req: Request, res: Response) => {
    const sessionId = req.header("mcp-session-id");
    let transport = sessionId ? transports.get(sessionId) : undefined;
    if (!transport) {
      if (sessionId) return rpcError(res, 404, "unknown or expired session");
      if (!isInitializeRequest(req.body))
        return rpcError(res, 400, "no session: send an initialize request first");
      const created = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          transports.set(id, created);
          logger.info({ session: id }, "mcp session opened");
        },
      });
      created.onclose = () => {
        if (created.sessionId) transports.delete(created.sessionId);
      };
      await createAdvisorServer({ ...deps, logger: logger.child({ transport: "http" }) }).connect(
        created,
      );
      transport = created;
    }
    await transport.handleRequest(req, res, req.body);
  });
  const bySession = async (req: Request, res: Response) => {
    const transport = transports.get(req.header("mcp-session-id") ?? "");
    if (!transport) return rpcError(res, 404, "unknown or expired session");
    await transport.handleRequest(req, res);
  };
  app.get("/mcp", bySession);
  app.delete("/mcp", bySession);

  return {
    app,
    sessions: () => transports.size,
    async close() {
      await Promise.all([...transports.values()].map((t) => t.close()));
      transports.clear();
    },
  };
}

export interface Listening {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** Listens on host:port (0 = any free port) and resolves with the base URL. */
export function listen(http: HttpApp, port: number, host: string): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = http.app.listen(port, host, (error?: Error) => {
      if (error) return reject(error);
      const address = server.address();
      const actual = typeof address === "object" && address ? address.port : port;
      const shown = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
      resolve({
        url: `http://${shown}:${actual}`,
        port: actual,
        server,
        async close() {
          await http.close();
          const closed = new Promise<void>((done) => server.close(() => done()));
          server.closeAllConnections();
          await closed;
        },
      });
    });
  });
}
