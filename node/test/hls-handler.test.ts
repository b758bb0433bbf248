import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import type { LiveSegment } from "@streamrp2p/protocol/api";
import { createHlsHandler, parseRange } from "../src/hls/hls-handler.ts";
import { SegmentStore, segmentHeaders } from "../src/hls/segment-store.ts";
import { KeyedRateLimiter } from "../src/limits/keyed-rate-limiter.ts";

const streamId = `0x${"cd".repeat(32)}` as const;
const store = new SegmentStore({ maxBytes: 1000, windowSize: 3 });
let server: Server;
let base: string;

function segment(sequence: number, size = 100, discontinuity = false) {
  const live: LiveSegment = {
    entry: {
      streamId,
      sequence,
      size,
      durationMs: 1000,
      hash: `0x${sequence.toString(16).padStart(64, "0")}` as `0x${string}`,
      signature: `0x${"00".repeat(65)}` as `0x${string}`,
    },
    startedAt: 1_700_000_000_000 + sequence * 1000,
    discontinuity,
  };
  return {
    live,
    bytes: Buffer.alloc(size, sequence),
    headers: segmentHeaders(live, { "x-delivery-statement": "0xsig" }),
  };
}

before(async () => {
  store.addStream(streamId, `0x${"ee".repeat(20)}`);
  for (let i = 0; i < 5; i++) store.add(segment(i, 100, i === 1));
  server = createServer(
    createHlsHandler({
      store,
      counters: { bytesServed: 0, segmentsServed: 0, requests: 0 },
      status: () => ({ ok: 1 }),
    }),
  );
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/streams/${streamId}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

test("the playlist lists the window; slid-out discontinuities are counted", async () => {
  const res = await fetch(`${base}/index.m3u8`);
  assert.equal(res.headers.get("access-control-allow-origin"), "*");
  const text = await res.text();
  assert.match(text, /#EXT-X-MEDIA-SEQUENCE:2\n/);
  assert.match(text, /#EXT-X-DISCONTINUITY-SEQUENCE:1\n/);
  assert.deepEqual(
    text.split("\n").filter((l) => l.endsWith(".ts")),
    ["2.ts", "3.ts", "4.ts"],
  );
});

test("segments carry hash, statement and ETag; If-None-Match gives 304; Range gives 206", async () => {
  const res = await fetch(`${base}/4.ts`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("x-delivery-statement"), "0xsig");
  assert.equal(res.headers.get("x-segment-hash"), segment(4).live.entry.hash);
  const etag = res.headers.get("etag")!;
  assert.equal((await res.arrayBuffer()).byteLength, 100);
  assert.equal((await fetch(`${base}/4.ts`, { headers: { "if-none-match": etag } })).status, 304);
  const partial = await fetch(`${base}/4.ts`, { headers: { range: "bytes=10-19" } });
  assert.equal(partial.status, 206);
  assert.equal(partial.headers.get("content-range"), "bytes 10-19/100");
  assert.equal((await partial.arrayBuffer()).byteLength, 10);
  assert.equal((await fetch(`${base}/4.ts`, { headers: { range: "bytes=500-" } })).status, 416);
  assert.equal((await fetch(`${base}/99.ts`)).status, 404);
});

test("the manifest and stream list are JSON; OPTIONS answers CORS preflight", async () => {
  const manifest = (await (await fetch(`${base}/manifest.json`)).json()) as { segments: unknown[] };
  assert.equal(manifest.segments.length, 3);
  const list = (await (await fetch(base.replace(/\/streams\/.*/, "/streams"))).json()) as {
    streams: { lastSequence: number }[];
  };
  assert.equal(list.streams[0]?.lastSequence, 4);
  const pre = await fetch(`${base}/4.ts`, { method: "OPTIONS" });
  assert.equal(pre.status, 204);
});

test("the byte bound evicts old segments and the playlist follows", () => {
  for (let i = 5; i < 15; i++) store.add(segment(i));
  assert.ok(store.cachedBytes <= 1000);
  assert.equal(store.segment(streamId, 4), undefined);
  assert.equal(store.lastSequence(streamId), 14);
});

test("parseRange", () => {
  assert.deepEqual(parseRange("bytes=0-", 10), { start: 0, end: 9 });
  assert.deepEqual(parseRange("bytes=-3", 10), { start: 7, end: 9 });
  assert.deepEqual(parseRange("bytes=5-100", 10), { start: 5, end: 9 });
  assert.equal(parseRange("bytes=9-2", 10), undefined);
  assert.equal(parseRange("items=1-2", 10), undefined);
});

test("a blocking reload (_HLS_msn) answers as soon as the segment exists, or after _block_ms", async () => {
  const next = store.lastSequence(streamId)! + 1;
  const started = Date.now();
  const pending = fetch(`${base}/index.m3u8?_HLS_msn=${next}&_block_ms=3000`).then((r) => r.text());
  setTimeout(() => store.add(segment(next)), 150);
  const text = await pending;
  assert.ok(text.includes(`${next}.ts`));
  assert.ok(Date.now() - started < 2000);
  const timedOut = Date.now();
  const manifest = await fetch(`${base}/manifest.json?_HLS_msn=${next + 5}&_block_ms=100`);
  assert.equal(manifest.status, 200);
  assert.ok(Date.now() - timedOut < 1500);
});

test("a client past its request budget gets 429 with Retry-After until its bucket refills", async () => {
  let now = 0;
  const limited = createServer(
    createHlsHandler({
      store,
      counters: { bytesServed: 0, segmentsServed: 0, requests: 0 },
      status: () => ({ ok: 1 }),
      requestsPerClient: new KeyedRateLimiter({ ratePerSecond: 1, burst: 2, now: () => now }),
    }),
  );
  limited.listen(0, "127.0.0.1");
  await once(limited, "listening");
  try {
    const url = `http://127.0.0.1:${(limited.address() as AddressInfo).port}/streams/${streamId}/index.m3u8`;
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(url)).status);
    assert.deepEqual(statuses, [200, 200, 429]);
    const refused = await fetch(url);
    assert.equal(refused.headers.get("retry-after"), "1");
    now += 1000; // a second later the bucket holds a token again
    assert.equal((await fetch(url)).status, 200);
  } finally {
    limited.closeAllConnections();
    limited.close();
  }
});
