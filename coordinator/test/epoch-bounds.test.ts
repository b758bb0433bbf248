/**
 * What fake viewers can take, against a real Redis: per stream and epoch, a session is paid at
 * most the bytes the stream produced in the epoch's window (so the stream at most produced
 * bytes x sessions served), whatever the manifest's history lets each receipt claim; and a
 * pool whose owner set a viewer cap pays only that many sessions per epoch.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  epochScheduleOf,
  leaderboardRetentionSecondsOf,
  producedSnapshotsOf,
} from "../src/config.ts";
import { EpochLedger } from "../src/epochs/epoch-ledger.ts";
import { ledgerShard, redisKeys } from "../src/store/keys.ts";
import type { LocalAccount } from "viem";
import { coordinatorDomain, setViewerCapTypes, signReceipt } from "@streamrp2p/protocol";
import { CHAIN_ID, hash32, newAccount, signEntry, STAKING_ADDRESS } from "./support/harness.ts";
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

/** Every session's receipt for `count` segments ending at `lastSequence`, signed now. */
function receiptsFor(world: World, lastSequence: number, count: number) {
  return Promise.all(
    world.sessions.map(async ({ sessionId, key }) => {
      const r = {
        sessionId,
        relay: world.relay.address.toLowerCase() as `0x${string}`,
        streamId: world.streamId,
        bytes: count * world.segmentBytes,
        segments: count,
        lastSequence,
        timestamp: Date.now(),
      };
      return { ...r, signature: await signReceipt(key.keyPair.privateKey, r) };
    }),
  );
}

async function viewerCapBody(
  owner: LocalAccount,
  poolId: bigint,
  maxViewers: number,
  nonce: number,
  deadline = Math.floor(Date.now() / 1000) + 600,
) {
  const signature = await owner.signTypedData({
    domain: coordinatorDomain(CHAIN_ID),
    types: setViewerCapTypes,
    primaryType: "SetViewerCap",
    message: { poolId, maxViewers, nonce: BigInt(nonce), deadline: BigInt(deadline) },
  });
  return { maxViewers, nonce, deadline, signature };
}

describe("the per-stream epoch bound and the pools' viewer caps", () => {
  let p: Pipeline;
  let ledger: EpochLedger;
  before(async () => {
    p = await startPipeline({ overrides: { epochBoundLagMs: LAG_MS } });
    const keys = redisKeys(p.config.redisPrefix);
    ledger = new EpochLedger(p.redis, keys, epochScheduleOf(p.config), {
      leaderboardTtlSeconds: leaderboardRetentionSecondsOf(p.config),
    });
  });
  after(() => p.close());

  /** Everything the relay earned, once the epoch of `at` closed. */
  async function paidThrough(world: World, at: number): Promise<bigint> {
    const epoch = Math.floor(at / epochScheduleOf(p.config).lengthMs);
    const relay = world.relay.address.toLowerCase();
    const until = Date.now() + 8000;
    while (Date.now() < until) {
      const closed = await ledger.closedThrough();
      if (closed !== null && closed >= epoch)
        return (await ledger.earnings(relay)).reduce((sum, r) => sum + r.bytes, 0n);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`epoch ${epoch} did not close`);
  }

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
    const epochBoard = redisKeys(p.config.redisPrefix).epochLeaderboardBytes(
      epoch,
      ledgerShard(world.relay.address),
    );
    assert.equal(
      await p.redis.zscore(epochBoard, world.relay.address.toLowerCase()),
      String(paid.bytes),
      "the withheld bytes left the epoch's bytes leaderboard in the close",
    );
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

  it("a pool's viewer cap pays only its first sessions; the rest is withheld as viewer-cap", async () => {
    const world = await buildWorld(p.url, { sessions: 6 });
    await seedPool(p.pools, world.streamId, world.owner.address, 2n);
    const body = await viewerCapBody(world.owner, 2n, 2, Date.now());
    const set = await http(p.url, "POST", "/v1/pools/2/viewer-cap", body);
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual(set.body, { poolId: "2", maxViewers: 2, nonce: body.nonce });
    const replayed = await http(p.url, "POST", "/v1/pools/2/viewer-cap", body);
    assert.equal(replayed.status, 409);
    assert.equal(replayed.body.error.code, "NONCE_USED");
    assert.equal((await http(p.url, "GET", "/v1/pools/2")).body.maxViewers, 2);

    for (const sequence of [20, 21, 22]) await publish(world, sequence);
    const posted = await postReceipts(world, await receiptsFor(world, 22, 3));
    assert.equal(posted.status, 202);
    const at = Date.now();
    await drained(p.url);
    const perSession = 3n * BigInt(world.segmentBytes);
    assert.equal(await paidThrough(world, at), 2n * perSession, "two sessions paid in full");
    const epoch = Math.floor(at / epochScheduleOf(p.config).lengthMs);
    const relay = world.relay.address.toLowerCase();
    const reports = await Promise.all(
      [epoch - 1, epoch].map((e) => http(p.url, "GET", `/v1/relays/${relay}/report?epoch=${e}`)),
    );
    const capped = reports.map((r) => r.body.reasons["viewer-cap"]).find(Boolean);
    assert.equal(BigInt(capped.bytes), 4n * perSession);
    assert.equal(capped.receipts, 4);
    assert.match(capped.lastMessage, /pays at most 2/);
  });

  it("answers malformed or unsigned viewer caps with their documented 4xx", async () => {
    const owner = newAccount();
    const world = await buildWorld(p.url, { sessions: 0, owner });
    await seedPool(p.pools, world.streamId, owner.address, 3n);
    const good = await viewerCapBody(owner, 3n, 5, Date.now());
    const cases: [string, string, unknown, number, string][] = [
      ["empty body", "/v1/pools/3/viewer-cap", {}, 400, "VALIDATION_FAILED"],
      [
        "negative cap",
        "/v1/pools/3/viewer-cap",
        { ...good, maxViewers: -1 },
        400,
        "VALIDATION_FAILED",
      ],
      [
        "cap over the maximum",
        "/v1/pools/3/viewer-cap",
        { ...good, maxViewers: 2 ** 32 },
        400,
        "VALIDATION_FAILED",
      ],
      [
        "string cap",
        "/v1/pools/3/viewer-cap",
        { ...good, maxViewers: "5" },
        400,
        "VALIDATION_FAILED",
      ],
      ["zero nonce", "/v1/pools/3/viewer-cap", { ...good, nonce: 0 }, 400, "VALIDATION_FAILED"],
      ["unknown key", "/v1/pools/3/viewer-cap", { ...good, extra: 1 }, 400, "VALIDATION_FAILED"],
      [
        "bad signature format",
        "/v1/pools/3/viewer-cap",
        { ...good, signature: "0x12" },
        400,
        "VALIDATION_FAILED",
      ],
      ["pool id not a number", "/v1/pools/abc/viewer-cap", good, 400, "VALIDATION_FAILED"],
      ["array body", "/v1/pools/3/viewer-cap", [good], 400, "VALIDATION_FAILED"],
      ["unknown pool", "/v1/pools/999/viewer-cap", good, 404, "POOL_NOT_FOUND"],
      [
        "signed for another cap",
        "/v1/pools/3/viewer-cap",
        { ...good, maxViewers: 6 },
        403,
        "OWNER_SIGNATURE_INVALID",
      ],
      [
        "not the owner",
        "/v1/pools/3/viewer-cap",
        await viewerCapBody(newAccount(), 3n, 5, Date.now()),
        403,
        "OWNER_SIGNATURE_INVALID",
      ],
      [
        "expired",
        "/v1/pools/3/viewer-cap",
        await viewerCapBody(owner, 3n, 5, Date.now(), 1000),
        400,
        "SIGNATURE_EXPIRED",
      ],
    ];
    for (const [what, path, body, status, code] of cases) {
      const res = await http(p.url, "POST", path, body);
      assert.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, code, what);
    }
    const raw = await fetch(`${p.url}/v1/pools/3/viewer-cap`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    assert.equal(raw.status, 400);
    assert.equal(((await raw.json()) as { error: { code: string } }).error.code, "INVALID_JSON");
    assert.equal((await http(p.url, "GET", "/v1/pools/3")).body.maxViewers, 0, "nothing was set");
  });
});
