/**
 * The HTTP hot path shared by origin and relay (node:http, no framework): playlist (LL-HLS
 * blocking reloads `_HLS_msn`/`_HLS_part` and delta updates `_HLS_skip`, RFC 8216bis),
 * segments and parts (Range, ETag, HEAD, keep-alive; a request for the preload-hinted part
 * waits for it), signed manifest, stream list, CORS and /status.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { clientKey } from "../limits/client-key.ts";
import type { KeyedRateLimiter } from "../limits/keyed-rate-limiter.ts";
import { CORS_HEADERS, type SegmentStore } from "./segment-store.ts";

export interface HlsCounters {
  bytesServed: number;
  segmentsServed: number;
  requests: number;
}

export interface HlsHandlerOptions {
  store: SegmentStore;
  /** GET /status (a relay's serve worker asks its main thread, hence the promise). */
  status: () => unknown;
  counters: HlsCounters;
  /** GET /metrics: the Prometheus text exposition (node/src/metrics/node-metrics.ts). */
  metrics?: () => Promise<{ contentType: string; body: string }>;
  /** Called for each playlist request with a viewer identity (the `session` query or the peer address). */
  onViewer?: (id: string) => void;
  /**
   * Stream requests (/streams/...) per client network (clientKey); an exhausted client gets 429
   * with Retry-After. /health, /status and /metrics are not limited (monitoring keeps working).
   */
  requestsPerClient?: KeyedRateLimiter;
}

const SEGMENT_PATH =
  /^\/streams\/(0x[0-9a-f]{64})\/(?:(index\.m3u8)|(manifest\.json)|(\d{1,15})(?:\.(\d{1,6}))?\.ts)$/;

/** Longest a blocking playlist or manifest request is held. */
const BLOCK_MS = 5000;

const PLAYLIST_HEADERS = {
  ...CORS_HEADERS,
  "content-type": "application/vnd.apple.mpegurl",
  "cache-control": "no-cache",
};
const JSON_HEADERS = {
  ...CORS_HEADERS,
  "content-type": "application/json",
  "cache-control": "no-cache",
};

export function createHlsHandler(
  options: HlsHandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { store, counters } = options;
  return (req, res) => {
    counters.requests++;
    if (
      options.requestsPerClient &&
      req.url?.startsWith("/streams") === true &&
      !options.requestsPerClient.take(clientKey(req.socket.remoteAddress))
    )
      return send(
        res,
        429,
        { ...JSON_HEADERS, "retry-after": "1" },
        '{"error":"too many requests"}',
      );
    const method = req.method ?? "GET";
    if (method === "OPTIONS") {
      res.writeHead(204, {
        ...CORS_HEADERS,
        "access-control-allow-methods": "GET, HEAD, OPTIONS",
        "access-control-allow-headers": "range, if-none-match",
        "access-control-max-age": "86400",
      });
      res.end();
      return;
    }
    if (method !== "GET" && method !== "HEAD")
      return send(res, 405, JSON_HEADERS, '{"error":"method not allowed"}');
    const url = req.url ?? "/";
    const queryAt = url.indexOf("?");
    const path = queryAt < 0 ? url : url.slice(0, queryAt);
    const head = method === "HEAD";

    const match = SEGMENT_PATH.exec(path.toLowerCase());
    if (match) {
      const streamId = match[1]!;
      if (match[4] !== undefined && match[5] !== undefined) {
        const sequence = Number(match[4]);
        const index = Number(match[5]);
        const part = store.part(streamId, sequence, index);
        if (part) return sendMedia(req, res, part, head, counters);
        // The preload-hinted part (or one soon after it): answer when it exists.
        const at = store.position(streamId);
        if (!at || sequence > at.sequence + 1)
          return send(res, 404, JSON_HEADERS, '{"error":"part not found"}', head);
        const wait = store.waitForPart(streamId, sequence, index, BLOCK_MS);
        res.once("close", wait.cancel);
        void wait.done.then(() => {
          if (res.destroyed) return;
          const arrived = store.part(streamId, sequence, index);
          if (arrived) sendMedia(req, res, arrived, head, counters);
          else send(res, 404, JSON_HEADERS, '{"error":"part not found"}', head);
        });
        return;
      }
      if (match[4] !== undefined) {
        const segment = store.segment(streamId, Number(match[4]));
        if (!segment) return send(res, 404, JSON_HEADERS, '{"error":"segment not found"}', head);
        return sendMedia(req, res, segment, head, counters);
      }
      if (!store.hasStream(streamId)) {
        return send(res, 404, JSON_HEADERS, '{"error":"stream not found"}', head);
      }
      const query = queryAt < 0 ? undefined : new URLSearchParams(url.slice(queryAt + 1));
      if (match[2])
        options.onViewer?.(query?.get("session") ?? req.socket.remoteAddress ?? "unknown");
      const delta = query?.get("_HLS_skip") === "YES" || query?.get("_HLS_skip") === "v2";
      const answer = () =>
        match[2]
          ? send(res, 200, PLAYLIST_HEADERS, store.playlist(streamId, delta)!, head)
          : send(res, 200, JSON_HEADERS, store.manifestJson(streamId)!, head);
      // Blocking reload (LL-HLS): ?_HLS_msn=M answers once segment M exists, with _HLS_part=P
      // once part P of segment M (or anything later) is listed, or after a while.
      const msn = query?.get("_HLS_msn");
      if (msn === null || msn === undefined || !/^\d{1,15}$/.test(msn)) return answer();
      const part = query?.get("_HLS_part");
      if (part !== null && part !== undefined && !/^\d{1,6}$/.test(part))
        return send(res, 400, JSON_HEADERS, '{"error":"bad _HLS_part"}', head);
      const blockMs = Math.max(
        0,
        Math.min(Number(query?.get("_block_ms") ?? BLOCK_MS) || BLOCK_MS, BLOCK_MS),
      );
      const wait =
        part === null || part === undefined
          ? store.waitForSequence(streamId, Number(msn), blockMs)
          : store.waitForPosition(streamId, { sequence: Number(msn), part: Number(part) }, blockMs);
      res.once("close", wait.cancel);
      void wait.done.then(() => {
        if (!res.destroyed) answer();
      });
      return;
    }
    if (path === "/streams") return send(res, 200, JSON_HEADERS, store.listJson(), head);
    if (path === "/metrics" && options.metrics) {
      options.metrics().then(
        ({ contentType, body }) =>
          send(res, 200, { "content-type": contentType, "cache-control": "no-cache" }, body, head),
        () => send(res, 500, JSON_HEADERS, '{"error":"metrics failed"}', head),
      );
      return;
    }
    if (path === "/status") {
      const status = options.status();
      if (!(status instanceof Promise))
        return send(res, 200, JSON_HEADERS, JSON.stringify(status), head);
      status.then(
        (value) => send(res, 200, JSON_HEADERS, JSON.stringify(value), head),
        () => send(res, 500, JSON_HEADERS, '{"error":"status failed"}', head),
      );
      return;
    }
    if (path === "/health") return send(res, 200, JSON_HEADERS, '{"ok":true}', head);
    send(res, 404, JSON_HEADERS, '{"error":"not found"}', head);
  };
}

/** A segment or part: ETag revalidation, a byte range, or the whole body. */
function sendMedia(
  req: IncomingMessage,
  res: ServerResponse,
  media: { bytes: Buffer; headers: Record<string, string> },
  head: boolean,
  counters: HlsCounters,
): void {
  if (req.headers["if-none-match"] === media.headers.etag)
    return send(res, 304, media.headers, "", true);
  const range = req.headers.range;
  if (range) return sendRange(res, range, media.bytes, media.headers, head, counters);
  res.writeHead(200, media.headers);
  if (head) return void res.end();
  counters.bytesServed += media.bytes.length;
  counters.segmentsServed++;
  res.end(media.bytes);
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string,
  head = false,
): void {
  res.writeHead(status, { ...headers, "content-length": String(Buffer.byteLength(body)) });
  res.end(head ? undefined : body);
}

/** Single byte range (RFC 9110 section 14): bytes=a-b, bytes=a-, bytes=-n. */
export function parseRange(
  header: string,
  size: number,
): { start: number; end: number } | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return undefined;
  let start: number;
  let end: number;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (suffix === 0) return undefined;
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start > end || start >= size) return undefined;
  return { start, end };
}

function sendRange(
  res: ServerResponse,
  header: string,
  bytes: Buffer,
  headers: Record<string, string>,
  head: boolean,
  counters: HlsCounters,
): void {
  const range = parseRange(header, bytes.length);
  if (!range) {
    res.writeHead(416, { ...CORS_HEADERS, "content-range": `bytes */${bytes.length}` });
    res.end();
    return;
  }
  const length = range.end - range.start + 1;
  res.writeHead(206, {
    ...headers,
    "content-length": String(length),
    "content-range": `bytes ${range.start}-${range.end}/${bytes.length}`,
  });
  if (head) return void res.end();
  counters.bytesServed += length;
  res.end(bytes.subarray(range.start, range.end + 1));
}
