/**
 * Fuzzes the relay's and the origin's HTTP routes with a seeded PRNG (FUZZ_SEED to replay):
 * random and boundary path params, query strings, Range and If-None-Match headers, methods,
 * bodies (huge ones on POST /receipts) and raw garbage request lines. Asserts zero 5xx (503 from
 * the relay's lookup budget excepted, it is a documented answer), the servers still answer
 * /health, and the heap stays bounded.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pino } from "pino";
import { privateKeyToAccount } from "viem/accounts";
import { testNodeOptions } from "../../scripts/lib/test-fixtures.ts";
import { parseOriginConfig, parseRelayConfig } from "../src/config.ts";
import { CoordinatorClient } from "../src/coordinator-client.ts";
import { segmentHeaders } from "../src/hls/segment-store.ts";
import { startOrigin, type RunningOrigin } from "../src/origin/start-origin.ts";
import { startRelay, type RunningRelay } from "../src/relay/start-relay.ts";
import { startFakeCoordinator, type FakeCoordinator } from "./helpers/fake-coordinator.ts";

const ORIGIN_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const OPERATOR_KEY = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
const STREAM_ID = `0x${"ab".repeat(32)}` as const;
const SEED = Number(process.env.FUZZ_SEED ?? 20240610);
const REQUESTS_PER_SERVER = 1200;
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });

let coordinator: FakeCoordinator;
let origin: RunningOrigin;
let relay: RunningRelay;
let dataDir: string;

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One stored segment, so segment, Range and ETag paths are exercised. */
function seed(store: RunningRelay["store"], originAddress: `0x${string}`): void {
  store.addStream(STREAM_ID, originAddress);
  const bytes = Buffer.alloc(1000, 1);
  const live = {
    entry: {
      streamId: STREAM_ID,
      sequence: 3,
      size: bytes.length,
      durationMs: 1000,
      hash: `0x${"cd".repeat(32)}` as const,
      signature: `0x${"11".repeat(65)}` as const,
    },
    startedAt: 1,
    discontinuity: false,
  };
  store.add({ live, bytes, headers: segmentHeaders(live) });
}

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "http-fuzz-"));
  coordinator = await startFakeCoordinator([]);
  const common = testNodeOptions(coordinator.url);
  origin = await startOrigin({
    config: parseOriginConfig({ ...common, rtmpHost: "127.0.0.1", rtmpPort: 0, dataDir }),
    account: privateKeyToAccount(ORIGIN_KEY),
    logger,
    now: Date.now,
    coordinator: new CoordinatorClient({ baseUrl: coordinator.url }),
  });
  relay = await startRelay({
    config: parseRelayConfig({
      ...common,
      upstream: ["http://127.0.0.1:1"],
      insecureSkipOriginCheck: true,
      upnp: false,
    }),
    account: privateKeyToAccount(OPERATOR_KEY),
    logger,
    now: Date.now,
    fetch: globalThis.fetch.bind(globalThis),
    coordinator: new CoordinatorClient({ baseUrl: coordinator.url }),
    originSigners: "insecure-skip",
  });
  const originAddress = privateKeyToAccount(ORIGIN_KEY).address;
  seed(origin.store, originAddress);
  seed(relay.store, originAddress);
});
after(async () => {
  await relay.stop();
  await origin.stop();
  await coordinator.close();
  await rm(dataDir, { recursive: true, force: true });
});

const ODD = [
  "",
  "%00%ff",
  "%00",
  "%ff%fe",
  "..",
  "../../etc/passwd",
  "%2e%2e%2f",
  "0x",
  STREAM_ID,
  STREAM_ID.toUpperCase(),
  `0x${"ab".repeat(33)}`,
  "-1",
  "0",
  "3",
  "999999999999999",
  "9999999999999999999999",
  "1e309",
  "NaN",
  "%F0%9F%92%A9",
  "a".repeat(300),
  "index.m3u8",
  "manifest.json",
  "3.ts",
  "%3F",
  "//",
];

function generate(rand: () => number) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const odd = () => (rand() < 0.2 ? pick(ODD) + pick(ODD) : pick(ODD));
  const methods = ["GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"];
  const shapes = [
    () => `/streams/${odd()}/${odd()}`,
    () => `/streams/${STREAM_ID}/${pick(["index.m3u8", "manifest.json", "3.ts", "4.ts"])}`,
    () => `/streams/${odd()}/${odd()}.ts`,
    () => `/${odd()}`,
    () => pick(["/streams", "/status", "/health", "/receipts", "/receipts/", "/RECEIPTS"]),
    () => `/${"x".repeat(Math.floor(rand() * 40_000))}`,
  ];
  let path = pick(shapes)();
  if (rand() < 0.4) {
    const params = [
      `_HLS_msn=${pick(["", "-1", "0", "3", "4", "1e3", "99999999999999999", "x", "%00"])}`,
      `_block_ms=${pick(["", "-5", "0", "1", "10", "NaN", "99999999"])}`,
      `session=${pick(["", "s1", "%00%ff", "a".repeat(2000), "x&session=y"])}`,
      `${odd()}=${odd()}`,
    ];
    path += `?${params.filter(() => rand() < 0.6).join("&")}`;
    if (path.includes("_HLS_msn") && !path.includes("_block_ms")) path += "&_block_ms=20";
  }
  const headers: Record<string, string> = {};
  if (rand() < 0.3)
    headers.range = pick([
      "bytes=0-0",
      "bytes=0-",
      "bytes=-1",
      "bytes=-0",
      "bytes=999-",
      "bytes=1000-",
      "bytes=5-2",
      "bytes=0-1,2-3",
      "bytes=abc",
      "bytes=99999999999999999999-",
      "items=0-1",
      "bytes=--1",
      "",
    ]);
  if (rand() < 0.1) headers["if-none-match"] = pick(['"0xcd"', "*", `"0x${"cd".repeat(32)}"`]);
  const method = pick(methods);
  let body: Buffer | undefined;
  if (method === "POST" || method === "PUT") {
    body = pick([
      () => Buffer.from("{"),
      () => Buffer.from("null"),
      () => Buffer.from('{"sessionId":"%00"}'),
      () => Buffer.from(JSON.stringify({ sessionId: "a".repeat(129) })),
      () => Buffer.alloc(Math.floor(rand() * 2_000_000), 0x41),
      () => Buffer.from(String(rand())),
    ])();
    headers["content-type"] = "application/json";
  }
  return { method, path, headers, body };
}

function send(
  port: number,
  r: ReturnType<typeof generate>,
): Promise<{ status: number; error?: string }> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: r.method,
        path: r.path,
        headers: r.headers,
        agent: false,
        timeout: 10_000,
      },
      (res) => {
        res.resume();
        res.once("end", () => resolve({ status: res.statusCode ?? 0 }));
        res.once("error", () => resolve({ status: res.statusCode ?? 0 }));
      },
    );
    // A server that closes on an oversized body may reset the upload: not an answer, not a 5xx.
    req.once("error", (error) => resolve({ status: 0, error: error.message }));
    req.once("timeout", () => req.destroy(new Error("timeout")));
    req.end(r.body);
  });
}

/** A raw request line the HTTP client would refuse to send. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let out = "";
    socket.on("data", (d) => (out += d.toString("latin1")));
    socket.on("error", () => resolve(out));
    socket.on("close", () => resolve(out));
    socket.setTimeout(3000, () => socket.destroy());
    socket.end(text);
  });
}

async function fuzz(port: number, seedOffset: number) {
  const rand = prng(SEED + seedOffset);
  const statuses: Record<string, number> = {};
  const fives: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < REQUESTS_PER_SERVER) {
      next++;
      const r = generate(rand);
      const { status, error } = await send(port, r);
      const key = error ? "reset" : String(status);
      statuses[key] = (statuses[key] ?? 0) + 1;
      if (status >= 500 && status !== 503)
        fives.push(`${status} ${r.method} ${r.path.slice(0, 120)}`);
      if (status === 503 && !(r.path.startsWith("/receipts") && r.method === "POST"))
        fives.push(`503 ${r.method} ${r.path.slice(0, 120)}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const garbage = [
    "GET /streams/%00%ff HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /\x00\xff HTTP/1.1\r\nHost: x\r\n\r\n",
    "GARBAGE\r\n\r\n",
    "GET / HTTP/9.9\r\n\r\n",
    `GET /${"a".repeat(70_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    "POST /receipts HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
    "POST /receipts HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffff\r\n",
    "GET /streams HTTP/1.1\r\nHost: x\r\nRange: bytes=0-1\r\n" + "X: y\r\n".repeat(5000) + "\r\n",
  ];
  for (const text of garbage) {
    const answer = await raw(port, text);
    const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
    statuses[`raw ${status ?? "closed"}`] = (statuses[`raw ${status ?? "closed"}`] ?? 0) + 1;
    if (status?.startsWith("5")) fives.push(`raw ${status}: ${JSON.stringify(text.slice(0, 60))}`);
  }
  return { statuses, fives };
}

async function healthy(port: number): Promise<boolean> {
  const { status } = await send(port, {
    method: "GET",
    path: "/health",
    headers: {},
    body: undefined,
  });
  return status === 200;
}

test("fuzzing the relay's and the origin's routes: no 5xx, both stay up, heap bounded", async (t) => {
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  for (const [name, port, offset] of [
    ["relay", relay.httpPort, 0],
    ["origin", origin.httpPort, 1],
  ] as const) {
    const { statuses, fives } = await fuzz(port, offset);
    t.diagnostic(`${name}: ${JSON.stringify(statuses)}`);
    assert.deepEqual(fives, [], `${name} answered 5xx`);
    assert.ok(await healthy(port), `${name} still answers /health`);
  }
  global.gc?.();
  await new Promise((r) => setTimeout(r, 100));
  const grown = process.memoryUsage().heapUsed - heapBefore;
  t.diagnostic(`heap grew by ${(grown / 1024 / 1024).toFixed(1)} MiB (seed ${SEED})`);
  assert.ok(grown < 96 * 1024 * 1024, `heap grew by ${grown} bytes`);
  assert.equal(relay.status().viewers <= 1000, true, "viewer identities stay bounded");
});
