/**
 * The origin never signs two different hashes for one sequence (issue 9, finding 3): across a
 * restart during a coordinator outage, without a state file while the coordinator is down, and
 * when publishing fails (nothing is served before its entry is accepted; a crash keeps the queue).
 * Real RTMP (ffmpeg) into a real origin, a stand-in coordinator with switchable outages.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pino } from "pino";
import { privateKeyToAccount } from "viem/accounts";
import type { SignedManifestEntry } from "@streamrp2p/protocol/api";
import { parseOriginConfig } from "../src/config.ts";
import { startOrigin, type RunningOrigin } from "../src/origin/start-origin.ts";
import { startFakeCoordinator, type FakeCoordinator } from "./helpers/fake-coordinator.ts";
import { publishTestStream } from "./helpers/publish.ts";

const ORIGIN_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const STREAM_ID = `0x${"cd".repeat(32)}` as const;
const account = privateKeyToAccount(ORIGIN_KEY);
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });

let coordinator: FakeCoordinator;
let scratch: string;

before(async () => {
  coordinator = await startFakeCoordinator([
    {
      streamKey: "seq-key",
      streamId: STREAM_ID,
      originAddress: account.address.toLowerCase() as `0x${string}`,
    },
  ]);
  scratch = await mkdtemp(join(tmpdir(), "origin-seq-"));
});

after(async () => {
  await coordinator?.close();
  await rm(scratch, { recursive: true, force: true });
});

function launch(): Promise<RunningOrigin> {
  return startOrigin({
    config: parseOriginConfig({
      coordinatorUrl: coordinator.url,
      chainId: 31337,
      stakingAddress: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      host: "127.0.0.1",
      httpPort: 0,
      rtmpHost: "127.0.0.1",
      rtmpPort: 0,
      statusIntervalMs: 0,
    }),
    account,
    logger,
  });
}

/** Every sequence the origin ever sent to the coordinator carries exactly one hash. */
function assertNoEquivocation(entries: readonly SignedManifestEntry[]): void {
  const hashes = new Map<number, string>();
  for (const e of entries) {
    const seen = hashes.get(e.sequence);
    assert.ok(
      seen === undefined || seen === e.hash,
      `sequence ${e.sequence} signed twice: ${seen} and ${e.hash}`,
    );
    hashes.set(e.sequence, e.hash);
  }
}

async function publishUntil(origin: RunningOrigin, condition: () => boolean): Promise<void> {
  const publisher = publishTestStream(`rtmp://127.0.0.1:${origin.rtmpPort}/live/seq-key`, 30);
  try {
    await waitFor(condition, 25_000);
  } finally {
    await publisher.stop();
  }
}

test(
  "an origin restarted during a coordinator outage continues its sequence instead of re-signing 0",
  { timeout: 90_000 },
  async () => {
    const first = await launch();
    await publishUntil(first, () => (coordinator.manifest.get(STREAM_ID)?.length ?? 0) >= 3);
    await first.stop();
    const accepted = coordinator.manifest.get(STREAM_ID)!.length;

    coordinator.outage.streamInfo = true;
    const second = await launch();
    try {
      await publishUntil(second, () => coordinator.posted.length >= accepted + 2);
    } finally {
      await second.stop();
      coordinator.outage.streamInfo = false;
    }
    assertNoEquivocation(coordinator.posted);
    const sequences = coordinator.manifest.get(STREAM_ID)!.map((e) => e.sequence);
    assert.deepEqual(
      sequences,
      sequences.map((_, i) => i),
    );
  },
);

test(
  "without a state file the origin refuses to sign while the coordinator cannot tell the last sequence",
  { timeout: 60_000 },
  async () => {
    const before = coordinator.posted.length;
    coordinator.outage.streamInfo = true;
    const origin = await launch();
    try {
      const publisher = publishTestStream(`rtmp://127.0.0.1:${origin.rtmpPort}/live/seq-key`, 6);
      await publisher.exited;
      assert.equal(coordinator.posted.length, before, "nothing was signed");
      assert.equal(origin.store.lastSequence(STREAM_ID), undefined, "nothing is served");
    } finally {
      await origin.stop();
      coordinator.outage.streamInfo = false;
    }
    assertNoEquivocation(coordinator.posted);
  },
);

test(
  "a segment is served only once the coordinator accepted its entry",
  { timeout: 60_000 },
  async () => {
    coordinator.outage.manifest = true;
    const origin = await launch();
    const before = coordinator.posted.length;
    try {
      await publishUntil(origin, () => coordinator.posted.length >= before + 2);
      assert.equal(origin.store.lastSequence(STREAM_ID), undefined, "nothing served yet");
      assert.ok(origin.status().manifestPending >= 2);
    } finally {
      coordinator.outage.manifest = false;
      await origin.stop();
    }
    assertNoEquivocation(coordinator.posted);
  },
);

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}
