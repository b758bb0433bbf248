/**
 * Origin -> relay -> viewer in one process with real RTMP (ffmpeg) and a stand-in coordinator.
 * The cross-component version with the real coordinator is test/e2e/live-path.test.ts.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { pino } from "pino";
import { privateKeyToAccount } from "viem/accounts";
import { relayStakingDomain } from "@streamrp2p/protocol/eip712";
import { segmentHash } from "@streamrp2p/protocol/segment-hash";
import { createViewer, type SegmentEvent } from "@streamrp2p/client";
import { parseOriginConfig, parseRelayConfig } from "../src/config.ts";
import { startOrigin, type RunningOrigin } from "../src/origin/start-origin.ts";
import { startRelay, type RunningRelay } from "../src/relay/start-relay.ts";
import { startFakeCoordinator, type FakeCoordinator } from "./helpers/fake-coordinator.ts";
import { publishTestStream } from "./helpers/publish.ts";

const ORIGIN_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const OPERATOR_KEY = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
const STREAM_ID = `0x${"ab".repeat(32)}` as const;
const STAKING = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });

let coordinator: FakeCoordinator;
let origin: RunningOrigin;
let relay: RunningRelay;

before(async () => {
  const originAccount = privateKeyToAccount(ORIGIN_KEY);
  coordinator = await startFakeCoordinator([
    {
      streamKey: "good-key",
      streamId: STREAM_ID,
      originAddress: originAccount.address.toLowerCase() as `0x${string}`,
    },
  ]);
  const common = {
    coordinatorUrl: coordinator.url,
    chainId: 31337,
    stakingAddress: STAKING,
    host: "127.0.0.1",
    httpPort: 0,
    statusIntervalMs: 0,
  };
  origin = await startOrigin({
    config: parseOriginConfig({ ...common, rtmpHost: "127.0.0.1", rtmpPort: 0 }),
    account: originAccount,
    logger,
  });
  relay = await startRelay({
    config: parseRelayConfig({
      ...common,
      upstream: [origin.url],
      streams: [STREAM_ID],
      pollIntervalMs: 100,
    }),
    account: privateKeyToAccount(OPERATOR_KEY),
    logger,
  });
  coordinator.relays.push({
    address: privateKeyToAccount(OPERATOR_KEY).address,
    url: relay.url,
    tier: 1,
  });
});

after(async () => {
  await relay?.stop();
  await origin?.stop();
  await coordinator?.close();
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
  },
);

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}
