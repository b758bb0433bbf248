import { test } from "node:test";
import assert from "node:assert/strict";
import { createSessionKey, signReceipt, type Receipt } from "@streamrp2p/protocol/receipt";
import {
  evaluateReceipt,
  evaluateReceiptBatch,
  evaluateReceiptBatchParallel,
  sessionRelayKey,
  type ReceiptEnvironment,
} from "../../src/core/evaluate-receipt.ts";
import type { RelayStanding, SessionRecord, SessionRelayState } from "../../src/core/records.ts";
import { createReceiptVerifier } from "../../src/core/receipt-verifier.ts";
import {
  fetchedAll,
  manifest,
  OTHER_RELAY,
  policy,
  relay,
  RELAY,
  SEGMENT_BYTES,
  session,
  STREAM,
  STREAM_BITRATE,
  T0,
} from "./fixtures.ts";

const key = await createSessionKey();
const verifier = createReceiptVerifier();

async function signed(overrides: Partial<Receipt> = {}) {
  const r: Receipt = {
    sessionId: "s1",
    relay: RELAY,
    streamId: STREAM,
    bytes: 10 * SEGMENT_BYTES,
    segments: 10,
    lastSequence: 109,
    timestamp: T0 + 20_000,
    ...overrides,
  };
  return { ...r, signature: await signReceipt(key.keyPair.privateKey, r) };
}

function env(
  states: Map<string, SessionRelayState> = new Map(),
  overrides: {
    session?: Partial<SessionRecord>;
    relay?: RelayStanding | undefined;
    submitter?: string;
  } = {},
): ReceiptEnvironment {
  const s = session({ publicKey: key.publicKey, ...overrides.session });
  const r = "relay" in overrides ? overrides.relay : relay();
  return {
    submitter: overrides.submitter ?? RELAY,
    now: T0 + 60_000,
    policy,
    verifySignature: verifier.verify,
    session: (id) => (id === s.sessionId ? s : undefined),
    relay: (address) => (address === r?.address ? r : undefined),
    manifest: (streamId) => (streamId === STREAM ? manifest : undefined),
    maxBitrate: () => STREAM_BITRATE,
    fetched: (address, streamId) =>
      address === RELAY && streamId === STREAM ? fetchedAll : undefined,
    state: (sessionId, address) => states.get(sessionRelayKey(sessionId, address)),
  };
}

test("an honest receipt is credited and sets the baseline", async () => {
  const { decision, state } = evaluateReceipt(await signed(), env());
  assert.equal(decision.status, "credited");
  assert.equal(decision.verifiedBytes, 10 * SEGMENT_BYTES);
  assert.equal(decision.rejectedBytes, 0);
  assert.deepEqual(decision.rejections, []);
  assert.deepEqual(state, {
    bytes: 10 * SEGMENT_BYTES,
    segments: 10,
    lastSequence: 109,
    timestamp: T0 + 20_000,
  });
});

test("cumulative: only the increase over the last accepted receipt counts", async () => {
  const first = await signed({
    bytes: 4 * SEGMENT_BYTES,
    segments: 4,
    lastSequence: 103,
    timestamp: T0 + 8_000,
  });
  const second = await signed();
  const { decisions, states } = evaluateReceiptBatch([first, second], env());
  assert.deepEqual(
    decisions.map((d) => d.verifiedBytes),
    [4 * SEGMENT_BYTES, 6 * SEGMENT_BYTES],
  );
  assert.equal(states.get(sessionRelayKey("s1", RELAY))?.bytes, 10 * SEGMENT_BYTES);
});

test("idempotency: duplicates, replays and older receipts add nothing", async () => {
  const older = await signed({
    bytes: 4 * SEGMENT_BYTES,
    segments: 4,
    lastSequence: 103,
    timestamp: T0 + 8_000,
  });
  const latest = await signed();
  const resigned = { ...latest, signature: await signReceipt(key.keyPair.privateKey, latest) };
  const { decisions, states } = evaluateReceiptBatch([latest, latest, resigned, older], env());
  assert.deepEqual(
    decisions.map((d) => d.status),
    ["credited", "ignored", "ignored", "ignored"],
  );
  assert.deepEqual(
    decisions.map((d) => d.rejections[0]?.code),
    [undefined, "duplicate", "duplicate", "replay"],
  );
  assert.equal(
    decisions.reduce((sum, d) => sum + d.verifiedBytes, 0),
    10 * SEGMENT_BYTES,
  );
  // A second batch (e.g. the relay retried) with the stored baseline adds nothing either.
  const again = evaluateReceiptBatch([latest, older], env(states));
  assert.equal(
    again.decisions.reduce((sum, d) => sum + d.verifiedBytes, 0),
    0,
  );
  assert.equal(again.states.size, 0);
  // Newer timestamp, same conflicting content: the counters went down.
  const down = await signed({ bytes: 9 * SEGMENT_BYTES, timestamp: T0 + 30_000 });
  assert.equal(evaluateReceipt(down, env(states)).decision.rejections[0]?.code, "non-monotonic");
});

test("any order of the same receipts credits the same total", async () => {
  const receipts = await Promise.all(
    [2, 5, 7, 10].map((n) =>
      signed({
        bytes: n * SEGMENT_BYTES,
        segments: n,
        lastSequence: 99 + n,
        timestamp: T0 + n * 2_000,
      }),
    ),
  );
  for (const order of [
    [0, 1, 2, 3],
    [3, 2, 1, 0],
    [1, 3, 0, 2],
    [2, 2, 0, 3, 3, 1],
  ]) {
    const { decisions } = evaluateReceiptBatch(
      order.map((i) => receipts[i]!),
      env(),
    );
    const total = decisions.reduce((sum, d) => sum + d.verifiedBytes, 0);
    assert.equal(total, 10 * SEGMENT_BYTES, `order ${order}`);
  }
});

test("bad signature: rejected, baseline untouched, bytes shown as rejected", async () => {
  const good = await signed();
  const forged = { ...good, bytes: good.bytes - 1 };
  const { decision, state } = evaluateReceipt(forged, env());
  assert.equal(decision.status, "rejected");
  assert.equal(decision.rejections[0]?.code, "bad-signature");
  assert.equal(decision.rejectedBytes, forged.bytes);
  assert.equal(state, undefined);
  // The genuine receipt still counts afterwards.
  assert.equal(evaluateReceiptBatch([forged, good], env()).decisions[1]?.verifiedBytes, good.bytes);
});

test("another relay cannot burn a relay's receipt by submitting it first", async () => {
  const good = await signed();
  const thief = evaluateReceipt(good, env(new Map(), { submitter: OTHER_RELAY }));
  assert.equal(thief.decision.rejections[0]?.code, "relay-mismatch");
  assert.equal(thief.decision.relay, OTHER_RELAY);
  assert.equal(thief.state, undefined);
});

test("withheld: a fraud flag forfeits the increase with every reason, and moves the baseline", async () => {
  const r = await signed();
  const { decision, state } = evaluateReceipt(
    r,
    env(new Map(), { relay: relay({ staked: false }), session: { viewerIp: "203.0.113.9" } }),
  );
  assert.equal(decision.status, "withheld");
  assert.equal(decision.verifiedBytes, 0);
  assert.equal(decision.rejectedBytes, r.bytes);
  assert.deepEqual(decision.rejections.map((x) => x.code).sort(), [
    "relay-unstaked",
    "self-dealing",
  ]);
  assert.equal(state?.bytes, r.bytes);
});

test("garbage inputs are rejected one by one, never thrown", async () => {
  const good = await signed();
  const inputs = [
    null,
    7,
    "x",
    [],
    {},
    { ...good, extra: true },
    { ...good, bytes: -5 },
    { ...good, sessionId: "nope" },
    good,
  ];
  const { decisions } = evaluateReceiptBatch(inputs, env());
  assert.deepEqual(
    decisions.map((d) => d.rejections[0]?.code ?? d.status),
    [
      "malformed",
      "malformed",
      "malformed",
      "malformed",
      "malformed",
      "malformed",
      "malformed",
      "unknown-session",
      "credited",
    ],
  );
});

test("parallel batch: same decisions and states as the sequential batch, stale receipts not verified", async () => {
  const older = await signed({
    bytes: 4 * SEGMENT_BYTES,
    segments: 4,
    lastSequence: 103,
    timestamp: T0 + 8_000,
  });
  const latest = await signed();
  const forged = { ...latest, bytes: 1, timestamp: T0 + 30_000 };
  const inputs = [older, null, latest, latest, forged, { ...latest, sessionId: "nope" }, older];
  const sequential = evaluateReceiptBatch(inputs, env());
  let verified = 0;
  const parallel = await evaluateReceiptBatchParallel(inputs, env(), (checks) => {
    verified += checks.length;
    return verifier.verifyMany(checks);
  });
  assert.deepEqual(parallel, sequential);
  assert.equal(verified, 5, "malformed and unknown-session inputs skipped");
  const stored = new Map([
    [sessionRelayKey("s1", RELAY), sequential.states.get(sessionRelayKey("s1", RELAY))!],
  ]);
  verified = 0;
  const again = await evaluateReceiptBatchParallel([older, latest], env(stored), (checks) => {
    verified += checks.length;
    return verifier.verifyMany(checks);
  });
  assert.equal(verified, 0, "nothing newer than the stored baseline");
  assert.deepEqual(
    again.decisions.map((d) => d.rejections[0]?.code),
    ["replay", "duplicate"],
  );
});

test("a session's other relays count towards the stream-bytes bound", async () => {
  const states = new Map([
    [
      sessionRelayKey("s1", OTHER_RELAY),
      { bytes: 8 * SEGMENT_BYTES, segments: 8, lastSequence: 107, timestamp: T0 + 16_000 },
    ],
  ]);
  const both = env(states, { session: { relays: [OTHER_RELAY, RELAY] } });
  const { decision } = evaluateReceipt(await signed(), both);
  assert.equal(decision.status, "withheld");
  assert.deepEqual(
    decision.rejections.map((r) => r.code),
    ["bytes-exceed-stream", "faster-than-real-time"],
    "18 segments (9 MB) in 20 s at 2 Mbit/s",
  );
  const failover = await signed({ bytes: 2 * SEGMENT_BYTES, segments: 2, lastSequence: 109 });
  assert.equal(evaluateReceipt(failover, both).decision.status, "credited");
  const notAssigned = env(states);
  assert.equal(
    evaluateReceipt(await signed(), notAssigned).decision.status,
    "credited",
    "only assigned relays count",
  );
});

test("a post-dated receipt is rejected without moving the baseline", async () => {
  const future = await signed({ timestamp: T0 + 3_600_000 });
  const { decision, state } = evaluateReceipt(future, env());
  assert.equal(decision.status, "rejected");
  assert.equal(decision.rejections[0]?.code, "timestamp-invalid");
  assert.equal(state, undefined);
  assert.equal(
    evaluateReceiptBatch([future, await signed()], env()).decisions[1]?.status,
    "credited",
  );
});
