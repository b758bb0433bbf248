/**
 * A relay serving from several worker threads (`--workers`, relay/serve-pool.ts) on loopback:
 * every route answers the same from whichever worker the kernel hands a connection to, blocking
 * reloads wake on every worker, a tampered part or segment from upstream reaches no worker,
 * receipts meet the one intake (one rate limit), and stop / SIGTERM close every worker.
 * Each request below opens its own connection, so the kernel spreads them over the workers.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { request, type IncomingHttpHeaders } from "node:http";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pino } from "pino";
import { privateKeyToAccount } from "viem/accounts";
import { parsePlaylist } from "@streamrp2p/protocol/viewer/parse-playlist";
import {
  TEST_OTHER_KEY as RELAY_KEY,
  TEST_STAKING_ADDRESS as STAKING,
  signedStream,
  testNodeOptions,
  testOrigin as origin,
} from "../../scripts/lib/test-fixtures.ts";
import { parseRelayConfig } from "../src/config.ts";
import { CoordinatorClient } from "../src/coordinator-client.ts";
import { SegmentStore, partHeaders, segmentHeaders } from "../src/hls/segment-store.ts";
import { receiptIntake } from "../src/relay/receipt-handler.ts";
import { ReceiptStore } from "../src/relay/receipt-store.ts";
import { ServeWorkerError, startServePool } from "../src/relay/serve-pool.ts";
import { startRelay, type RunningRelay } from "../src/relay/start-relay.ts";
import { startFakeCoordinator, type FakeCoordinator } from "./helpers/fake-coordinator.ts";
import { serveHls, type HlsServer } from "./helpers/hls-server.ts";

const STREAM_ID = `0x${"cd".repeat(32)}` as const;
const WORKERS = 3;
/** Requests per route: with 3 workers, the chance one gets none of 30 is 3 x (2/3)^30 < 1e-4. */
const SPREAD = 30;
const PARTS = 4;
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });

const partBytes = (sequence: number, part: number) =>
  Buffer.alloc(3000 + part, `${sequence}.${part}|`);
const stream = signedStream({
  signer: origin,
  streamId: STREAM_ID,
  parts: PARTS,
  partMs: 250,
  partBytes,
});

/** The upstream (an origin as the relay sees it); `bytes` other than the signed ones: tampered. */
const upstreamStore = new SegmentStore({ maxBytes: 10_000_000, windowSize: 6 });
async function upstreamPart(sequence: number, part: number, bytes = partBytes(sequence, part)) {
  const live = await stream.part(sequence, part);
  upstreamStore.addPart({ live, bytes, headers: partHeaders(live) });
}
async function upstreamSegment(sequence: number, bytes = stream.segmentBytes(sequence)) {
  const live = await stream.segment(sequence);
  upstreamStore.add({ live, bytes, headers: segmentHeaders(live) });
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One request on a connection of its own. */
function get(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { agent: false, method: options.method ?? "GET", headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

const spread = <T>(make: () => Promise<T>) => Promise.all(Array.from({ length: SPREAD }, make));

let coordinator: FakeCoordinator;
let upstream: HlsServer;
let relay: RunningRelay;
let base: string;

async function until(what: string, ready: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

before(async () => {
  upstreamStore.addStream(STREAM_ID, origin.address.toLowerCase() as `0x${string}`);
  for (let s = 0; s < 3; s++) {
    for (let p = 0; p < PARTS; p++) await upstreamPart(s, p);
    await upstreamSegment(s);
  }
  await upstreamPart(3, 0);
  upstream = await serveHls(upstreamStore);
  coordinator = await startFakeCoordinator([
    {
      streamKey: "unused",
      streamId: STREAM_ID,
      originAddress: origin.address.toLowerCase() as `0x${string}`,
    },
  ]);
  relay = await startRelay({
    config: parseRelayConfig({
      ...testNodeOptions(coordinator.url),
      upstream: [upstream.url],
      streams: [STREAM_ID],
      pollIntervalMs: 50,
      insecureSkipOriginCheck: true,
      upnp: false,
      workers: String(WORKERS),
      receiptsPerIp: 1,
    }),
    account: privateKeyToAccount(RELAY_KEY),
    logger,
    now: Date.now,
    fetch: globalThis.fetch.bind(globalThis),
    coordinator: new CoordinatorClient({ baseUrl: coordinator.url }),
    originSigners: "insecure-skip",
  });
  base = `${relay.url}/streams/${STREAM_ID}`;
  await until("the relay to hold part 3.0", () => relay.store.part(STREAM_ID, 3, 0) !== undefined);
});

after(async () => {
  await relay?.stop();
  upstream?.close();
  await coordinator?.close();
});

test("the --workers option: a count, auto (one per core), 1 by default", () => {
  const config = (workers?: string) =>
    parseRelayConfig({
      coordinatorUrl: "http://127.0.0.1:1",
      chainId: 31337,
      stakingAddress: STAKING,
      upstream: ["http://127.0.0.1:2"],
      insecureSkipOriginCheck: true,
      ...(workers === undefined ? {} : { workers }),
    });
  assert.equal(config().workers, 1);
  assert.equal(config("4").workers, 4);
  assert.ok(config("auto").workers >= 1);
  assert.throws(() => config("0"));
  assert.throws(() => config("many"));
});

test("every route answers the same from every worker", async () => {
  const before = relay.status().workerRequests;
  assert.equal(before.length, WORKERS);
  const segment = stream.segmentBytes(2);
  const checks: [string, (r: Reply) => void][] = [
    [
      `${base}/index.m3u8`,
      (r) => {
        assert.equal(r.status, 200);
        const playlist = parsePlaylist(r.body.toString());
        assert.deepEqual(
          playlist.segments.map((s) => s.sequence),
          [0, 1, 2],
        );
        assert.equal(playlist.preloadHint, "3.1.ts");
      },
    ],
    [
      `${base}/index.m3u8?_HLS_skip=YES`,
      (r) => assert.match(r.body.toString(), /#EXT-X-SKIP|#EXT-X-PART/),
    ],
    [
      `${base}/manifest.json`,
      (r) => {
        const manifest = JSON.parse(r.body.toString()) as { segments: unknown[]; parts: unknown[] };
        assert.equal(manifest.segments.length, 3);
      },
    ],
    [`${relay.url}/streams`, (r) => assert.match(r.body.toString(), new RegExp(STREAM_ID))],
    [
      `${base}/2.ts`,
      (r) => {
        assert.equal(r.status, 200);
        assert.deepEqual(r.body, segment);
        assert.ok(r.headers["x-delivery-statement"], "the relay's signed statement");
      },
    ],
    [`${base}/3.0.ts`, (r) => assert.deepEqual(r.body, partBytes(3, 0))],
    [`${relay.url}/health`, (r) => assert.equal(r.status, 200)],
    [
      `${relay.url}/status`,
      (r) => {
        const status = JSON.parse(r.body.toString()) as { mode: string; workerRequests: number[] };
        assert.equal(status.mode, "relay");
        assert.equal(status.workerRequests.length, WORKERS);
      },
    ],
    [
      `${relay.url}/metrics`,
      (r) => assert.match(r.body.toString(), /streamrp2p_relay_bytes_served_total/),
    ],
  ];
  for (const [url, check] of checks) for (const reply of await spread(() => get(url))) check(reply);
  for (const reply of await spread(() =>
    get(`${base}/2.ts`, { headers: { range: "bytes=10-19" } }),
  )) {
    assert.equal(reply.status, 206);
    assert.deepEqual(reply.body, segment.subarray(10, 20));
  }
  const etag = (await get(`${base}/2.ts`)).headers.etag!;
  for (const reply of await spread(() =>
    get(`${base}/2.ts`, { headers: { "if-none-match": etag } }),
  ))
    assert.equal(reply.status, 304);
  for (const reply of await spread(() => get(`${base}/2.ts`, { method: "HEAD" }))) {
    assert.equal(reply.status, 200);
    assert.equal(reply.headers["content-length"], String(segment.length));
    assert.equal(reply.body.length, 0);
  }
  const served = relay.status();
  assert.ok(
    served.workerRequests.every((n, i) => n > before[i]!),
    `every worker answered some: ${served.workerRequests.join(", ")}`,
  );
  assert.ok(served.segmentsServed >= 2 * SPREAD, "the workers' counters reach /status");
});

test("a blocking reload and the hinted part wake on every worker", async () => {
  const before = relay.status().workerRequests;
  const reloads = spread(() => get(`${base}/index.m3u8?_HLS_msn=3&_HLS_part=1`));
  const hinted = spread(() => get(`${base}/3.1.ts`));
  const early = await Promise.race([
    reloads.then(() => "answered"),
    new Promise((r) => setTimeout(r, 300)).then(() => "held"),
  ]);
  assert.equal(early, "held");
  await until(
    "every request to reach a worker",
    () =>
      relay.status().workerRequests.reduce((a, b) => a + b, 0) >=
      before.reduce((a, b) => a + b, 0) + 2 * SPREAD,
  );
  const during = relay.status().workerRequests;
  assert.ok(
    during.every((n, i) => n > before[i]!),
    `every worker holds some: ${during.join(", ")}`,
  );
  await upstreamPart(3, 1);
  for (const reply of await reloads)
    assert.ok(parsePlaylist(reply.body.toString()).parts.some((p) => p.uri === "3.1.ts"));
  for (const reply of await hinted) {
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, partBytes(3, 1));
  }
});

test("a tampered part or segment from upstream is served by no worker", async () => {
  const rejected = () => relay.status().streams[0]!.rejected;
  const bad = Buffer.from(partBytes(3, 2));
  bad[7]! ^= 0xff;
  await upstreamPart(3, 2, bad);
  await until("the relay to refuse the tampered part", () => rejected() >= 1);
  const badSegment = stream.segmentBytes(3);
  badSegment[100]! ^= 0xff;
  await upstreamSegment(3, badSegment);
  await until("the relay to refuse the tampered segment", () => rejected() >= 2);
  for (const reply of await spread(() => get(`${base}/3.ts`))) assert.equal(reply.status, 404);
  for (const reply of await spread(() => get(`${base}/index.m3u8`))) {
    const playlist = parsePlaylist(reply.body.toString());
    assert.equal(playlist.segments.at(-1)?.sequence, 2);
    assert.ok(!playlist.parts.some((p) => p.uri === "3.2.ts"));
  }
  // The hinted part is waited for (up to 5 s), then refused: it never came in intact.
  for (const reply of await spread(() => get(`${base}/3.2.ts`))) assert.equal(reply.status, 404);
});

test("receipts reach the one intake whichever worker takes the post", async () => {
  const preflight = await get(`${relay.url}/receipts`, { method: "OPTIONS" });
  assert.equal(preflight.status, 204);
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++)
    statuses.push(
      (
        await get(`${relay.url}/receipts`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "not json",
        })
      ).status,
    );
  const parsed = statuses.filter((s) => s === 400).length;
  // One limit for the relay (1/s, burst 2): a limit per worker would let up to 2 per worker in.
  assert.ok(parsed >= 2 && parsed <= 3, `statuses ${statuses.join(",")}`);
  assert.equal(statuses.filter((s) => s === 429).length, 12 - parsed);
});

test("stop closes every worker: the port refuses connections", async () => {
  const port = relay.httpPort;
  await relay.stop();
  await assert.rejects(get(`http://127.0.0.1:${port}/health`), { code: "ECONNREFUSED" });
});

test("a worker that dies is reported, not silently replaced", async () => {
  let lost: ServeWorkerError | undefined;
  const pool = await startServePool({
    workers: 2,
    host: "127.0.0.1",
    port: 0,
    tls: undefined,
    maxBytes: 1_000_000,
    windowSize: 6,
    status: () => ({}),
    metrics: () => Promise.resolve({ contentType: "text/plain", body: "" }),
    receipts: receiptIntake(
      new ReceiptStore({
        relay: privateKeyToAccount(RELAY_KEY).address,
        lookupSession: () => Promise.resolve(undefined),
        now: Date.now,
      }),
    ),
    onViewer: () => {},
    onWorkerLost: (error) => (lost = error),
  });
  try {
    // A segment of a stream the workers were never given: their stores throw, the threads die.
    const live = await stream.segment(0);
    pool.publish({
      type: "segment",
      live,
      bytes: new SharedArrayBuffer(live.entry.size),
      headers: segmentHeaders(live),
    });
    await until("the loss to be reported", () => lost !== undefined);
    assert.ok(lost instanceof ServeWorkerError);
    assert.match(lost.message, /serve worker \d stopped \(exit 1\): unknown stream/);
  } finally {
    await pool.stop();
  }
});

test(
  "the CLI with --workers 2 serves, then exits 0 on SIGTERM with its port closed",
  { timeout: 60_000 },
  async () => {
    const child = spawn(
      process.execPath,
      [
        join(import.meta.dirname, "../src/cli.ts"),
        "relay",
        "--coordinator",
        coordinator.url,
        "--chain-id",
        "31337",
        "--staking-address",
        STAKING,
        "--host",
        "127.0.0.1",
        "--http-port",
        "0",
        "--upstream",
        upstream.url,
        "--stream",
        STREAM_ID,
        "--insecure-skip-origin-check",
        "--no-upnp",
        "--status-interval",
        "0",
        "--workers",
        "2",
      ],
      { env: { ...process.env, RELAY_PRIVATE_KEY: RELAY_KEY }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(child, "exit") as Promise<[number | null, string | null]>;
    await until("the relay to listen", () => /"relay listening"/.test(output), 30_000);
    const listening = output
      .split("\n")
      .map((line) => (line.startsWith("{") ? (JSON.parse(line) as Record<string, unknown>) : {}))
      .find((line) => line.msg === "relay listening")!;
    assert.equal(listening.workers, 2);
    const port = listening.httpPort as number;
    const deadline = Date.now() + 20_000;
    while ((await get(`http://127.0.0.1:${port}/streams/${STREAM_ID}/0.ts`)).status !== 200) {
      assert.ok(Date.now() < deadline, "segment 0 at the relay");
      await new Promise((r) => setTimeout(r, 50));
    }
    const replies = await spread(() => get(`http://127.0.0.1:${port}/streams/${STREAM_ID}/0.ts`));
    for (const reply of replies) assert.deepEqual(reply.body, stream.segmentBytes(0));
    child.kill("SIGTERM");
    const [code] = await exited;
    assert.equal(code, 0, output);
    assert.match(output, /"stopped"/);
    await assert.rejects(get(`http://127.0.0.1:${port}/health`), { code: "ECONNREFUSED" });
  },
);
