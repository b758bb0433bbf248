import assert from "node:assert/strict";
import { test } from "node:test";
import {
  boundEpochCredits,
  sessionAllowance,
  sessionKey,
  type EpochBoundsInput,
  type SessionCredit,
  type StreamWindow,
} from "../../src/core/epoch-bounds.ts";
import { prng } from "./fixtures.ts";

const S1 = "0x" + "11".repeat(32);
const S2 = "0x" + "22".repeat(32);
const R1 = "0x00000000000000000000000000000000000000a1";
const R2 = "0x00000000000000000000000000000000000000b2";
const NO_TOLERANCE = { byteTolerance: 0, byteSlack: 0 };

function input(
  sessions: SessionCredit[],
  streams: Record<string, StreamWindow>,
  overrides: Partial<EpochBoundsInput> = {},
): EpochBoundsInput {
  return {
    sessions,
    firstCreditAt: new Map(),
    streams: new Map(Object.entries(streams)),
    viewerCaps: new Map(),
    tolerance: NO_TOLERANCE,
    ...overrides,
  };
}

const credit = (sessionId: string, bytes: bigint, relay = R1, streamId = S1): SessionCredit => ({
  streamId,
  sessionId,
  relay,
  bytes,
});

test("allowance: produced bytes with the receipt checks' tolerance and slack", () => {
  assert.equal(sessionAllowance(100_000n, { byteTolerance: 0.02, byteSlack: 65_536 }), 167_536n);
  assert.equal(sessionAllowance(0n, { byteTolerance: 0.02, byteSlack: 65_536 }), 65_536n);
  assert.equal(sessionAllowance(999n, NO_TOLERANCE), 999n);
});

test("stream bound: sessions within what the stream produced keep everything", () => {
  const out = boundEpochCredits(
    input([credit("a", 1000n), credit("b", 400n, R1), credit("b", 600n, R2)], {
      [S1]: { producedBytes: 1000n, poolId: 1n },
    }),
  );
  assert.deepEqual(out, []);
});

test("stream bound: a session over it keeps its share at each relay, rounded down", () => {
  const out = boundEpochCredits(
    input([credit("a", 2000n, R1), credit("a", 1001n, R2)], {
      [S1]: { producedBytes: 1000n, poolId: 1n },
    }),
  );
  // kept: floor(2000 * 1000 / 3001) = 666, floor(1001 * 1000 / 3001) = 333
  assert.deepEqual(
    out.map((w) => [w.relay, w.bytes, w.code]),
    [
      [R1, 1334n, "stream-bound"],
      [R2, 668n, "stream-bound"],
    ],
  );
  assert.match(out[0]!.message, /credited 3001 bytes.*produced 1000/);
});

test("stream bound: a stream that produced nothing in the window pays only the slack", () => {
  const out = boundEpochCredits(
    input([credit("a", 5000n)], {}, { tolerance: { byteTolerance: 0, byteSlack: 100 } }),
  );
  assert.deepEqual(
    out.map((w) => w.bytes),
    [4900n],
  );
});

test("stream bound: paid bytes never exceed produced x sessions served (random inputs)", () => {
  const rnd = prng(7);
  for (let round = 0; round < 200; round++) {
    const sessions: SessionCredit[] = [];
    const n = 1 + Math.floor(rnd() * 20);
    for (let i = 0; i < n; i++) {
      const streamId = rnd() < 0.5 ? S1 : S2;
      const relay = rnd() < 0.5 ? R1 : R2;
      sessions.push(
        credit(`s${Math.floor(rnd() * 8)}`, BigInt(Math.floor(rnd() * 5000)), relay, streamId),
      );
    }
    const streams = {
      [S1]: { producedBytes: BigInt(Math.floor(rnd() * 3000)), poolId: 1n },
      [S2]: { producedBytes: BigInt(Math.floor(rnd() * 3000)), poolId: 2n },
    };
    const out = boundEpochCredits(input(sessions, streams));
    for (const streamId of [S1, S2]) {
      const mine = sessions.filter((s) => s.streamId === streamId);
      const credited = mine.reduce((t, s) => t + s.bytes, 0n);
      const cut = out.filter((w) => w.streamId === streamId).reduce((t, w) => t + w.bytes, 0n);
      const served = new Set(mine.filter((s) => s.bytes > 0n).map((s) => s.sessionId)).size;
      assert.ok(cut <= credited);
      assert.ok(credited - cut <= BigInt(served) * streams[streamId]!.producedBytes);
    }
  }
});

test("viewer cap: only the first N sessions of the pool's streams by first credit are paid", () => {
  const sessions = [
    credit("late", 100n, R1, S1),
    credit("first", 100n, R1, S2),
    credit("second", 60n, R1, S1),
    credit("second", 40n, R2, S1),
    credit("tie-b", 100n, R2, S2),
    credit("tie-a", 100n, R2, S2),
  ];
  const firstCreditAt = new Map([
    [sessionKey(S1, "late"), 50],
    [sessionKey(S2, "first"), 10],
    [sessionKey(S1, "second"), 20],
    [sessionKey(S2, "tie-b"), 30],
    [sessionKey(S2, "tie-a"), 30],
  ]);
  const streams = {
    [S1]: { producedBytes: 1000n, poolId: 1n },
    [S2]: { producedBytes: 1000n, poolId: 1n },
  };
  const out = boundEpochCredits(
    input(sessions, streams, { firstCreditAt, viewerCaps: new Map([[1n, 3]]) }),
  );
  assert.deepEqual(
    out.map((w) => [w.sessionId, w.relay, w.bytes, w.code]),
    [
      ["tie-b", R2, 100n, "viewer-cap"],
      ["late", R1, 100n, "viewer-cap"],
    ],
  );
  assert.match(out[0]!.message, /viewer 4 of pool 1.*at most 3/);
});

test("viewer cap: same answer whatever the input order; other pools and cap 0", () => {
  const sessions = [credit("a", 10n), credit("b", 10n), credit("c", 10n, R1, S2)];
  const streams = {
    [S1]: { producedBytes: 100n, poolId: 1n },
    [S2]: { producedBytes: 100n, poolId: 2n },
  };
  const caps = new Map([[1n, 1]]);
  const forward = boundEpochCredits(input(sessions, streams, { viewerCaps: caps }));
  const backward = boundEpochCredits(input([...sessions].reverse(), streams, { viewerCaps: caps }));
  assert.deepEqual(forward, backward);
  assert.deepEqual(
    forward.map((w) => w.sessionId),
    ["b"],
  );
  const none = boundEpochCredits(input(sessions, streams, { viewerCaps: new Map([[2n, 0]]) }));
  assert.deepEqual(
    none.map((w) => [w.sessionId, w.code]),
    [["c", "viewer-cap"]],
  );
});

test("a session cut by the viewer cap is not also cut by the bound", () => {
  const out = boundEpochCredits(
    input(
      [credit("a", 10n), credit("b", 5000n)],
      { [S1]: { producedBytes: 100n, poolId: 1n } },
      {
        viewerCaps: new Map([[1n, 1]]),
        firstCreditAt: new Map([[sessionKey(S1, "a"), 1]]),
      },
    ),
  );
  assert.deepEqual(
    out.map((w) => [w.sessionId, w.bytes, w.code]),
    [["b", 5000n, "viewer-cap"]],
  );
});
