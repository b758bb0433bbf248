/**
 * A stand-in for the coordinator's v1 routes the node uses, for the node's own tests
 * (test/e2e runs the real coordinator). Records what it receives.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parseSiweMessage } from "viem/siwe";
import type { RelayInfo, RelayReportResponse, SignedManifestEntry } from "@streamrp2p/protocol/api";

export interface FakeCoordinator {
  url: string;
  manifest: Map<string, SignedManifestEntry[]>;
  /** Every entry an origin POSTed, accepted or not, in arrival order. */
  posted: SignedManifestEntry[];
  heartbeats: Record<string, unknown>[];
  fetchLogs: Record<string, unknown>[];
  authorizeCalls: number;
  relays: { address: string; url: string; tier: number }[];
  /** What GET /v1/relays lists (relay keys with their operator wallets). */
  relayListing: RelayInfo[];
  /** GET /v1/epochs/current's `lastClosed` (the current epoch is the next one). */
  lastClosedEpoch: number | null;
  /** GET /v1/relays/:key/report?epoch=N answers, by `${key}@${epoch}` (an empty report otherwise). */
  reports: Map<string, RelayReportResponse>;
  /** Outages: GET /v1/streams/:id and POST /v1/streams/:id/manifest answer 503 while set. */
  outage: { streamInfo: boolean; manifest: boolean };
  /** Open sessions GET /v1/sessions/:id answers (404 for any other id). */
  sessions: Map<string, { streamId: `0x${string}`; viewerPublicKey: string }>;
  /** GET /v1/sessions/:id requests received. */
  sessionLookups: number;
  /** Requests answered 429 by the rate limit, by path. */
  rateLimited: Record<string, number>;
  close(): Promise<void>;
}

export interface FakeCoordinatorOptions {
  /**
   * Like the coordinator's per-client limit: at most `max` requests per fixed `windowMs`
   * window (from all clients together); more are answered 429.
   */
  rateLimit?: { max: number; windowMs: number };
}

export async function startFakeCoordinator(
  streams: {
    streamKey: string;
    streamId: `0x${string}`;
    originAddress: `0x${string}`;
  }[],
  options: FakeCoordinatorOptions = {},
): Promise<FakeCoordinator> {
  let window = { start: 0, count: 0 };
  const tokens = new Map<string, string>();
  const state: Omit<FakeCoordinator, "url" | "close"> = {
    manifest: new Map(),
    posted: [],
    heartbeats: [],
    fetchLogs: [],
    authorizeCalls: 0,
    relays: [],
    relayListing: [],
    lastClosedEpoch: null,
    reports: new Map(),
    outage: { streamInfo: false, manifest: false },
    sessions: new Map(),
    sessionLookups: 0,
    rateLimited: {},
  };
  const server: Server = createServer(async (req, res) => {
    const json = (status: number, body?: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const url = new URL(req.url ?? "/", "http://fake");
    const path = url.pathname;
    if (options.rateLimit) {
      const now = Date.now();
      if (now - window.start >= options.rateLimit.windowMs) window = { start: now, count: 0 };
      if (++window.count > options.rateLimit.max) {
        const route = path.replace(/\/v1\/sessions\/.*/, "/v1/sessions/:id");
        state.rateLimited[route] = (state.rateLimited[route] ?? 0) + 1;
        return json(429, { error: { code: "RATE_LIMITED", message: "slow down" } });
      }
    }
    const sessionMatch = /^\/v1\/sessions\/([^/]+)$/.exec(path);
    if (sessionMatch && req.method === "GET") {
      state.sessionLookups++;
      const session = state.sessions.get(decodeURIComponent(sessionMatch[1]!));
      return session
        ? json(200, {
            sessionId: sessionMatch[1],
            streamId: session.streamId,
            relays: [],
            expiresAt: Date.now() + 3_600_000,
            viewerPublicKey: session.viewerPublicKey,
            createdAt: 1,
          })
        : json(404, { error: { code: "SESSION_NOT_FOUND", message: "no session" } });
    }
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
      if (streamMatch[2]) state.posted.push(...(body.entries as SignedManifestEntry[]));
      if (streamMatch[2] ? state.outage.manifest : state.outage.streamInfo)
        return json(503, { error: { code: "UNAVAILABLE", message: "outage" } });
      const entries = state.manifest.get(stream.streamId) ?? [];
      if (streamMatch[2] && req.method === "GET") {
        const from = Number(url.searchParams.get("from") ?? 0);
        const limit = Number(url.searchParams.get("limit") ?? 500);
        return json(200, {
          streamId: stream.streamId,
          entries: entries
            .filter((e) => e.sequence >= from)
            .slice(0, limit)
            .map((e) => ({ ...e, at: 1 })),
        });
      }
      if (streamMatch[2]) {
        // Like the real coordinator: a repeated entry is a no-op, another hash is a conflict.
        const batch = body.entries as SignedManifestEntry[];
        const conflict = batch.find((e) =>
          entries.some((s) => s.sequence === e.sequence && s.hash !== e.hash),
        );
        if (conflict)
          return json(409, {
            error: { code: "MANIFEST_CONFLICT", message: `sequence ${conflict.sequence}` },
          });
        for (const e of batch) if (!entries.some((s) => s.sequence === e.sequence)) entries.push(e);
        entries.sort((a, b) => a.sequence - b.sequence);
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
      return json(200, {
        reachability: {
          listed: true,
          reason: null,
          detail: null,
          segmentVerified: false,
          checkedAt: Date.now(),
        },
      });
    }
    if (path === "/v1/relays/fetch-log") {
      if (!bearer) return json(401, { error: { code: "UNAUTHORIZED", message: "no token" } });
      state.fetchLogs.push(...(body.entries as Record<string, unknown>[]));
      return json(202, {});
    }
    if (path === "/v1/relays" && req.method === "GET") {
      return json(200, { relays: state.relayListing });
    }
    if (path === "/v1/epochs/current") {
      const epoch = (state.lastClosedEpoch ?? -1) + 1;
      return json(200, {
        epoch,
        startsAt: epoch * 60_000,
        endsAt: (epoch + 1) * 60_000,
        lengthSeconds: 60,
        lastClosed: state.lastClosedEpoch,
        backlog: 0,
      });
    }
    const reportMatch = /^\/v1\/relays\/(0x[0-9a-f]{40})\/report$/.exec(path);
    if (reportMatch && req.method === "GET") {
      const relay = reportMatch[1]!;
      const epoch = Number(url.searchParams.get("epoch") ?? (state.lastClosedEpoch ?? -1) + 1);
      return json(
        200,
        state.reports.get(`${relay}@${epoch}`) ?? {
          relay,
          epoch,
          closed: state.lastClosedEpoch !== null && epoch <= state.lastClosedEpoch,
          verifiedBytes: 0,
          rejectedBytes: 0,
          verifiedByStream: {},
          receipts: { credited: 0, withheld: 0, rejected: 0, ignored: 0 },
          reasons: {},
        },
      );
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
