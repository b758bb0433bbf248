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
import { CoordinatorClient } from "../src/coordinator-client.ts";
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

/** An origin over `dataDir` (a restart reuses it; a fresh one is an origin that lost its state). */
function launch(dataDir: string): Promise<RunningOrigin> {
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
      dataDir,
    }),
    account,
    logger,
    now: Date.now,
    coordinator: new CoordinatorClient({ baseUrl: coordinator.url }),
    sequenceRetryDelaysMs: [100, 200],
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
    const dataDir = join(scratch, "restart");
    const first = await launch(dataDir);
    await publishUntil(first, () => (coordinator.manifest.get(STREAM_ID)?.length ?? 0) >= 3);
    await first.stop();
    const accepted = coordinator.manifest.get(STREAM_ID)!.length;

    coordinator.outage.streamInfo = true;
    const second = await launch(dataDir);
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
    const origin = await launch(join(scratch, "lost"));
    try {
      const publisher = publishTestStream(`rtmp://127.0.0.1:${origin.rtmpPort}/live/seq-key`, 6);
      const code = await publisher.exited;
      assert.notEqual(code, 0, "the publish is refused");
      assert.equal(coordinator.posted.length, before, "nothing was signed");
      assert.equal(origin.store.lastSequence(STREAM_ID), undefined, "nothing is served");
      assert.deepEqual(origin.status().sequenceUnknown, [STREAM_ID]);
    } finally {
      await origin.stop();
      coordinator.outage.streamInfo = false;
    }
    assertNoEquivocation(coordinator.posted);
  },
);

test(
  "a segment is served only once the coordinator accepted its entry; a restart publishes what was signed",
  { timeout: 90_000 },
  async () => {
    const dataDir = join(scratch, "queue");
    coordinator.outage.manifest = true;
    const origin = await launch(dataDir);
    const before = coordinator.posted.length;
    let signed: number[];
    try {
      await publishUntil(origin, () => coordinator.posted.length >= before + 2);
      assert.equal(origin.store.lastSequence(STREAM_ID), undefined, "nothing served yet");
      assert.ok(origin.status().manifestPending >= 2);
      assert.ok(origin.status().manifestError);
    } finally {
      await origin.stop();
      signed = [...new Set(coordinator.posted.slice(before).map((e) => e.sequence))];
      coordinator.outage.manifest = false;
    }
    // The stopped origin never got its entries accepted: the next one, over the same data
    // directory, publishes them without a publisher, then serves only after acceptance.
    const restarted = await launch(dataDir);
    try {
      await waitFor(() => {
        const stored = coordinator.manifest.get(STREAM_ID)?.map((e) => e.sequence) ?? [];
        return signed.every((s) => stored.includes(s));
      }, 10_000);
      await publishUntil(
        restarted,
        () => (restarted.store.lastSequence(STREAM_ID) ?? -1) > Math.max(...signed),
      );
      const served = restarted.store.lastSequence(STREAM_ID)!;
      assert.ok(coordinator.manifest.get(STREAM_ID)!.some((e) => e.sequence === served));
    } finally {
      await restarted.stop();
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
