/**
 * Origin -> relay -> viewer in one process with real RTMP (ffmpeg) and a stand-in coordinator.
 * The cross-component version with the real coordinator is test/e2e/live-path.test.ts.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pino } from "pino";
import { privateKeyToAccount } from "viem/accounts";
import { relayStakingDomain } from "@streamrp2p/protocol/eip712";
import { segmentHash } from "@streamrp2p/protocol/segment-hash";
import { parsePlaylist } from "@streamrp2p/protocol/viewer/parse-playlist";
import { createViewer, type SegmentEvent } from "@streamrp2p/client";
import { testNodeOptions } from "../../scripts/lib/test-fixtures.ts";
import { parseOriginConfig, parseRelayConfig } from "../src/config.ts";
import { CoordinatorClient } from "../src/coordinator-client.ts";
import { startOrigin, type RunningOrigin } from "../src/origin/start-origin.ts";
import type { OriginSignerReader } from "../src/relay/origin-signer-check.ts";
import { startRelay, type RunningRelay } from "../src/relay/start-relay.ts";
import { startFakeCoordinator, type FakeCoordinator } from "./helpers/fake-coordinator.ts";
import { publishTestStream } from "./helpers/publish.ts";

const ORIGIN_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const OPERATOR_KEY = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
const STREAM_ID = `0x${"ab".repeat(32)}` as const;
const STAKING = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const OTHER_KEY = "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6";
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
const originAccount = privateKeyToAccount(ORIGIN_KEY);

let coordinator: FakeCoordinator;
let origin: RunningOrigin;
let relay: RunningRelay;
/** Relays whose chain names another origin signer, or none: they must carry nothing. */
let squatted: RunningRelay;
let unregistered: RunningRelay;
/** A relay whose chain rotates the stream to another signer from sequence 2 on. */
let rotated: RunningRelay;
let dataDir: string;
/** The chain boundary: RelayStaking.originSignerAt as the chain would answer it. */
const onChain =
  (signer: `0x${string}`): OriginSignerReader =>
  async () =>
    signer;

function startTestRelay(
  originSigners: OriginSignerReader,
  originCheckIntervalMs = 10_000,
): Promise<RunningRelay> {
  return startRelay({
    config: parseRelayConfig({
      ...common(),
      upstream: [origin.url],
      streams: [STREAM_ID],
      pollIntervalMs: 100,
      rpcUrl: "http://127.0.0.1:1",
      originCheckIntervalMs,
      upnp: false,
    }),
    account: privateKeyToAccount(OPERATOR_KEY),
    logger,
    now: Date.now,
    fetch: globalThis.fetch.bind(globalThis),
    coordinator: new CoordinatorClient({ baseUrl: coordinator.url }),
    originSigners,
  });
}

const common = () => testNodeOptions(coordinator.url);

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "pipeline-origin-"));
  coordinator = await startFakeCoordinator([
    {
      streamKey: "good-key",
      streamId: STREAM_ID,
      originAddress: originAccount.address.toLowerCase() as `0x${string}`,
    },
  ]);
  origin = await startOrigin({
    config: parseOriginConfig({ ...common(), rtmpHost: "127.0.0.1", rtmpPort: 0, dataDir }),
    account: originAccount,
    logger,
    now: Date.now,
    coordinator: new CoordinatorClient({ baseUrl: coordinator.url }),
  });
  relay = await startTestRelay(onChain(originAccount.address));
  squatted = await startTestRelay(onChain(privateKeyToAccount(OTHER_KEY).address));
  unregistered = await startTestRelay(onChain("0x0000000000000000000000000000000000000000"));
  const other = privateKeyToAccount(OTHER_KEY).address;
  rotated = await startTestRelay(
    async (_streamId, sequence) => (sequence < 2 ? originAccount.address : other),
    10,
  );
  coordinator.relays.push({
    address: privateKeyToAccount(OPERATOR_KEY).address,
    url: relay.url,
    tier: 1,
  });
});

after(async () => {
  await relay?.stop();
  await squatted?.stop();
  await unregistered?.stop();
  await rotated?.stop();
  await origin?.stop();
  await coordinator?.close();
  await rm(dataDir, { recursive: true, force: true });
});

test("a wrong stream key is refused and nothing is published", async () => {
  const publisher = publishTestStream(`rtmp://127.0.0.1:${origin.rtmpPort}/live/wrong-key`, 5);
  const code = await publisher.exited;
  assert.notEqual(code, 0, "ffmpeg must fail");
  assert.equal(coordinator.manifest.size, 0);
  assert.equal(origin.store.streamIds().length, 0);
});

test(
  "segments flow from RTMP through the relay to a viewer, verified",
  { timeout: 60_000 },
  async () => {
    const publisher = publishTestStream(`rtmp://127.0.0.1:${origin.rtmpPort}/live/good-key`, 12);
    const viewer = createViewer({
      coordinatorUrl: coordinator.url,
      streamId: STREAM_ID,
      domain: relayStakingDomain(31337, STAKING),
      pollIntervalMs: 250,
    });
    const segments: SegmentEvent[] = [];
    viewer.on("segment", (s) => segments.push(s));
    await waitFor(() => relay.store.lastSequence(STREAM_ID) !== undefined, 20_000);
    await viewer.start();
    await waitFor(() => segments.length >= 4, 20_000);
    // LL-HLS: the relay lists the parts it verified (~250 ms each, a segment's first part
    // starts with a keyframe) and serves them byte for byte as the origin cut them.
    const playlistUrl = `${relay.url}/streams/${STREAM_ID}/index.m3u8`;
    const playlist = parsePlaylist(await (await fetch(playlistUrl)).text());
    assert.equal(playlist.serverControl?.canBlockReload, true);
    assert.ok(playlist.parts.length >= 2, "parts listed");
    for (const part of playlist.parts) {
      assert.ok(part.durationMs >= 150 && part.durationMs <= 400, `part ${part.uri} duration`);
      if (part.part === 0) assert.equal(part.independent, true, `${part.uri} independent`);
    }
    const newest = playlist.parts.at(-1)!;
    const relayed = Buffer.from(
      await (await fetch(new URL(newest.uri, playlistUrl))).arrayBuffer(),
    );
    assert.deepEqual(relayed, origin.store.part(STREAM_ID, newest.sequence, newest.part)?.bytes);
    await viewer.stop();
    await publisher.stop();
    for (const s of segments) {
      assert.equal(await segmentHash(s.bytes), s.entry.hash);
      assert.ok(s.deliveryStatement?.startsWith("0x"));
    }
    const published = coordinator.manifest.get(STREAM_ID) ?? [];
    assert.ok(published.length >= 4);
    assert.ok(coordinator.heartbeats.length >= 1);
    assert.deepEqual(
      published.map((e) => e.sequence),
      published.map((_, i) => i),
    );
    // Whatever the origin served, the coordinator had accepted first.
    assert.ok(origin.store.lastSequence(STREAM_ID)! <= published.at(-1)!.sequence);
  },
);

/** The value of an unlabelled sample (or the sum of a labelled one's samples) in a scrape. */
function sample(scrape: string, name: string): number {
  const values = [...scrape.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "gm"))];
  assert.ok(values.length > 0, `${name} missing from /metrics`);
  return values.reduce((total, m) => total + Number(m[1]), 0);
}

test("relay and origin expose Prometheus /metrics beside /status, matching it", async () => {
  const response = await fetch(`${relay.url}/metrics`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
  const scrape = await response.text();
  const status = relay.status();
  assert.ok(status.bytesServed > 0);
  assert.equal(sample(scrape, "streamrp2p_relay_bytes_served_total"), status.bytesServed);
  assert.equal(
    sample(scrape, "streamrp2p_relay_segments_verified_total"),
    status.streams.reduce((n, s) => n + s.fetched, 0),
  );
  assert.equal(sample(scrape, "streamrp2p_relay_segments_refused_total"), 0);
  assert.equal(sample(scrape, "streamrp2p_relay_receipts_pending"), status.receipts.pending);
  assert.equal(sample(scrape, "streamrp2p_relay_receipts_sent_total"), status.receipts.sent);
  assert.equal(typeof sample(scrape, "streamrp2p_relay_viewers"), "number");
  assert.ok(sample(scrape, "streamrp2p_relay_upstream_fetch_seconds_count") > 0);
  assert.match(scrape, /^streamrp2p_node_info\{mode="relay",version="[^"]+"\} 1$/m);
  assert.match(scrape, /^# TYPE streamrp2p_relay_bytes_served_total counter$/m);
  // Scraped twice, a counter does not double.
  const again = await (await fetch(`${relay.url}/metrics`)).text();
  assert.equal(sample(again, "streamrp2p_relay_bytes_served_total"), relay.status().bytesServed);

  const originScrape = await (await fetch(`${origin.url}/metrics`)).text();
  assert.equal(
    sample(originScrape, "streamrp2p_origin_bytes_served_total"),
    origin.status().bytesServed,
  );
  assert.equal(
    sample(originScrape, "streamrp2p_origin_manifest_entries_published_total"),
    origin.status().manifestPublished,
  );
});

test("relays refuse a stream whose on-chain origin signer is another key, or none", () => {
  for (const [refusing, reason] of [
    [squatted, "origin-signer-mismatch"],
    [unregistered, "stream-not-registered"],
  ] as const) {
    const status = refusing.status();
    assert.deepEqual(status.refusedStreams, [{ streamId: STREAM_ID, reason }]);
    assert.deepEqual(status.streams, [], "the stream is not carried");
    assert.equal(refusing.store.lastSequence(STREAM_ID), undefined, "nothing signed or served");
  }
  assert.deepEqual(relay.status().refusedStreams, []);
});

test("after an on-chain rotation to another key a relay stops signing for the stream", async () => {
  await waitFor(
    () => rotated.status().streams[0]?.originCheck === "origin-signer-mismatch",
    10_000,
  );
  assert.equal(rotated.store.lastSequence(STREAM_ID), 1, "sequences 0 and 1 only");
  assert.ok(origin.store.lastSequence(STREAM_ID)! >= 2);
});

test("a relay without a chain RPC URL refuses to start unless the check is skipped on purpose", async () => {
  assert.throws(
    () => parseRelayConfig({ ...common(), upstream: [origin.url] }),
    /--rpc-url: required: a relay checks every stream's origin signer on-chain/,
  );
  const config = parseRelayConfig({
    ...common(),
    upstream: [origin.url],
    insecureSkipOriginCheck: true,
    upnp: false,
  });
  await assert.rejects(
    startRelay({
      config: parseRelayConfig({
        ...common(),
        upstream: [origin.url],
        rpcUrl: "http://127.0.0.1:1",
      }),
      account: privateKeyToAccount(OPERATOR_KEY),
      logger,
      now: Date.now,
      fetch: globalThis.fetch.bind(globalThis),
      coordinator: new CoordinatorClient({ baseUrl: coordinator.url }),
      originSigners: "insecure-skip",
    }),
    /may be skipped only with --insecure-skip-origin-check/,
  );
  assert.equal(config.insecureSkipOriginCheck, true);
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}
