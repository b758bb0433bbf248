/** A store's HLS routes on a free loopback port: an origin or an upstream as a relay sees it. */
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createHlsHandler } from "../../src/hls/hls-handler.ts";
import type { SegmentStore } from "../../src/hls/segment-store.ts";

export interface HlsServer {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Drops every open connection and stops listening. */
  close(): void;
}

export async function serveHls(store: SegmentStore): Promise<HlsServer> {
  const server = createServer(
    createHlsHandler({
      store,
      counters: { bytesServed: 0, segmentsServed: 0, requests: 0 },
      status: () => ({}),
    }),
  );
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}
