/**
 * A stand-in for the coordinator's v1 routes the node uses, for the node's own tests
 * (test/e2e runs the real coordinator). Records what it receives.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parseSiweMessage } from "viem/siwe";
import type { SignedManifestEntry } from "@streamrp2p/protocol/api";

export interface FakeCoordinator {
  url: string;
  manifest: Map<string, SignedManifestEntry[]>;
  heartbeats: Record<string, unknown>[];
  fetchLogs: Record<string, unknown>[];
  authorizeCalls: number;
  relays: { address: string; url: string; tier: number }[];
  close(): Promise<void>;
}

export async function startFakeCoordinator(
  streams: {
    streamKey: string;
    streamId: `0x${string}`;
    originAddress: `0x${string}`;
  }[],
): Promise<FakeCoordinator> {
  const tokens = new Map<string, string>();
  const state: Omit<FakeCoordinator, "url" | "close"> = {
    manifest: new Map(),
    heartbeats: [],
    fetchLogs: [],
    authorizeCalls: 0,
    relays: [],
  };
  const server: Server = createServer(async (req, res) => {
    const json = (status: number, body?: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const path = req.url ?? "/";
    const body = req.method === "POST" ? ((await readJson(req)) as Record<string, unknown>) : {};
    const bearer = tokens.get((req.headers.authorization ?? "").replace("Bearer ", ""));
    if (path === "/v1/ingest/authorize") {
      state.authorizeCalls++;
      const stream = streams.find((s) => s.streamKey === body.streamKey);
      return stream
        ? json(200, { streamId: stream.streamId, originAddress: stream.originAddress })
        : json(403, { error: { code: "STREAM_KEY_INVALID", message: "bad key" } });
    }
    const streamMatch = /^\/v1\/streams\/(0x[0-9a-f]{64})(\/manifest)?$/.exec(path);
    if (streamMatch) {
      const stream = streams.find((s) => s.streamId === streamMatch[1]);
      if (!stream) return json(404, { error: { code: "NOT_FOUND", message: "no stream" } });
      const entries = state.manifest.get(stream.streamId) ?? [];
      if (streamMatch[2]) {
        entries.push(...(body.entries as SignedManifestEntry[]));
        state.manifest.set(stream.streamId, entries);
        return json(202, {});
      }
      return json(200, {
        streamId: stream.streamId,
        name: "test",
        originAddress: stream.originAddress,
        createdAt: 1,
        live: entries.length > 0,
        lastSequence: entries.at(-1)?.sequence ?? null,
        relays: [],
        viewers: 0,
      });
    }
    if (path === "/v1/auth/nonce") return json(200, { nonce: "abcdefgh12345678" });
    if (path === "/v1/auth/login") {
      const message = parseSiweMessage(String(body.message));
      const token = `t${tokens.size}`;
      tokens.set(token, message.address!);
      return json(200, { token, address: message.address, expiresAt: Date.now() + 3_600_000 });
    }
    if (path === "/v1/relays/heartbeat") {
      if (!bearer) return json(401, { error: { code: "UNAUTHORIZED", message: "no token" } });
      state.heartbeats.push({ ...body, address: bearer });
      return json(204);
    }
    if (path === "/v1/relays/fetch-log") {
      if (!bearer) return json(401, { error: { code: "UNAUTHORIZED", message: "no token" } });
      state.fetchLogs.push(...(body.entries as Record<string, unknown>[]));
      return json(202, {});
    }
    if (path === "/v1/sessions") {
      return json(200, {
        sessionId: "s1",
        streamId: body.streamId,
        relays: state.relays,
        expiresAt: Date.now() + 3_600_000,
      });
    }
    json(404, { error: { code: "NOT_FOUND", message: path } });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {};
}
