/**
 * What fake viewers can take, against a real Redis: per stream and epoch, a session is paid at
 * most the bytes the stream produced in the epoch's window (so the stream at most produced
 * bytes x sessions served), whatever the manifest's history lets each receipt claim.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { epochScheduleOf, producedSnapshotsOf } from "../src/config.ts";
import { EpochLedger } from "../src/epochs/epoch-ledger.ts";
import { redisKeys } from "../src/store/keys.ts";
import { CHAIN_ID, hash32, signEntry, STAKING_ADDRESS } from "./support/harness.ts";
import { seedPool, startPipeline, type Pipeline } from "./support/pipeline.ts";
import {
  buildWorld,
  drained,
  http,
  postReceipts,
  receiptsAt,
  type World,
} from "./support/world.ts";

/** Segments produced this long before an epoch still count in it (EPOCH_BOUND_LAG_MS). */
const LAG_MS = 1000;
const SESSIONS = 8;

async function sleepUntil(at: number): Promise<void> {
  await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
}

/** Publishes segment `sequence` (signed by the origin) and reports the relay fetched it. */
async function publish(world: World, sequence: number): Promise<void> {
  const entry = await signEntry(
    world.origin,
    {
      streamId: world.streamId,
      sequence,
      size: world.segmentBytes,
      durationMs: 1000,
      hash: hash32(sequence + 1),
    },
    CHAIN_ID,
    STAKING_ADDRESS,
  );
  const published = await http(world.url, "POST", `/v1/streams/${world.streamId}/manifest`, {
    entries: [entry],
  });
  assert.equal(published.status, 202);
  const logged = await http(
    world.url,
    "POST",
    "/v1/relays/fetch-log",
    {
      entries: [
        {
          streamId: world.streamId,
          sequence,
          hash: hash32(sequence + 1),
          from: "http://127.0.0.1:9000",
          at: Date.now(),
        },
      ],
    },
    { authorization: `Bearer ${world.token}` },
  );
  assert.equal(logged.status, 202);
}

describe("the per-stream epoch bound", () => {
  let p: Pipeline;
  let ledger: EpochLedger;
  before(async () => {
    p = await startPipeline({ overrides: { epochBoundLagMs: LAG_MS } });
    const keys = redisKeys(p.config.redisPrefix);
    ledger = new EpochLedger(p.redis, keys, p.config.redisPrefix, epochScheduleOf(p.config));
  });
  after(() => p.close());

  /** The relay's earnings row of `epoch`, once that epoch closed. */
  async function paidIn(world: World, epoch: number): Promise<{ bytes: bigint; amount: bigint }> {
    const relay = world.relay.address.toLowerCase();
    const until = Date.now() + 8000;
    while (Date.now() < until) {
      const closed = await ledger.closedThrough();
      if (closed !== null && closed >= epoch) {
        const row = (await ledger.earnings(relay)).find((r) => r.epoch === epoch);
        return { bytes: row?.bytes ?? 0n, amount: row?.amount ?? 0n };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`epoch ${epoch} did not close`);
  }

  it("fake sessions claiming the stream's earlier segments in one epoch are paid only the bound", async () => {
    const world = await buildWorld(p.url, { sessions: SESSIONS });
    await seedPool(p.pools, world.streamId, world.owner.address);
    const built = Date.now();
    // The first epoch whose window (LAG_MS before its start, rounded out to a snapshot
    // bucket) no longer holds the backlog.
    const { lengthMs } = epochScheduleOf(p.config);
    const { bucketMs } = producedSnapshotsOf(p.config);
    const epoch = Math.floor((built + LAG_MS + bucketMs) / lengthMs) + 1;
    await sleepUntil(epoch * lengthMs + 50);
    await publish(world, 20); // the one segment the stream produces in this epoch
    // Each session claims 10 earlier segments: within the manifest and the relay's fetch log.
    const posted = await postReceipts(world, await receiptsAt(world, 10));
    assert.equal(posted.status, 202);
    await drained(p.url);
    const paid = await paidIn(world, epoch);
    const perSession = Math.floor(world.segmentBytes * (1 + 0.02)) + 65_536; // produced x tolerance + slack
    assert.ok(
      paid.bytes <= BigInt(SESSIONS * perSession),
      `paid ${paid.bytes} bytes, bound ${SESSIONS * perSession}`,
    );
    assert.ok(paid.bytes > 0n, "the sessions' share of what was produced is paid");
    const report = await http(
      p.url,
      "GET",
      `/v1/relays/${world.relay.address.toLowerCase()}/report?epoch=${epoch}`,
    );
    assert.equal(report.status, 200);
    const reason = report.body.reasons["stream-bound"];
    assert.equal(BigInt(reason.bytes), BigInt(SESSIONS * 10 * world.segmentBytes) - paid.bytes);
    assert.equal(reason.receipts, SESSIONS, "every session was cut");
    assert.match(reason.lastMessage, /produced 100000 in the epoch's window/);
  });
});
