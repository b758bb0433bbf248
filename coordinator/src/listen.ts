/** Starts an app on host:port and resolves once it listens; `close()` stops it. */
import type { Server } from "node:http";
import type { Express } from "express";

export interface Listening {
  server: Server;
  /** http://host:port, with the actual port when 0 was asked for. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export function listen(app: Express, port: number, host = "127.0.0.1"): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => {
      if (error) {
        reject(error);
        return;
      }
      const address = server.address();
      const actual = typeof address === "object" && address ? address.port : port;
      const shown = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
      resolve({
        server,
        url: `http://${shown.includes(":") ? `[${shown}]` : shown}:${actual}`,
        port: actual,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((e) => (e ? fail(e) : done()));
            server.closeAllConnections();
          }),
      });
    });
    server.keepAliveTimeout = 5_000;
  });
}
