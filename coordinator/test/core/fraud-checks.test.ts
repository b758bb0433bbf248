import { test } from "node:test";
import assert from "node:assert/strict";
import {
  checkAssignment,
  checkFetched,
  checkProgress,
  checkRealTime,
  checkRelayMismatch,
  checkRelayStatus,
  checkSelfDealing,
  checkSessionCap,
  checkSignature,
  checkStream,
  checkStreamBytes,
  checkTimestamp,
  FRAUD_CHECKS,
} from "../../src/core/fraud-checks.ts";
import { REJECTION_CODES } from "../../src/core/rejection.ts";
import { buildFetchIndex, buildSegmentIndex } from "../../src/core/segment-index.ts";
import {
  context,
  hashOf,
  manifest,
  OTHER_RELAY,
  receipt,
  relay,
  RELAY,
  SEGMENT_BYTES,
  segments,
  session,
  T0,
} from "./fixtures.ts";

test("an honest receipt passes every fraud check", () => {
  for (const check of FRAUD_CHECKS) assert.equal(check(context()), null, check.name);
  assert.equal(checkRelayMismatch(context()), null);
  assert.equal(checkProgress(context()), null);
});

test("every rejection code is documented", () => {
  for (const [code, text] of Object.entries(REJECTION_CODES)) assert.ok(text.length > 10, code);
});

test("checkSignature: rejects what the verifier rejects, passes the session key to it", () => {
  const seen: string[] = [];
  const ok = checkSignature(
    context({ session: session({ publicKey: "pk" }) }),
    (pk) => (seen.push(pk), true),
  );
  assert.equal(ok, null);
  assert.deepEqual(seen, ["pk"]);
  assert.equal(checkSignature(context(), () => false)?.code, "bad-signature");
});

test("checkRelayMismatch: a relay cannot submit another relay's receipts", () => {
  assert.equal(checkRelayMismatch(context({ submitter: OTHER_RELAY }))?.code, "relay-mismatch");
  assert.equal(checkRelayMismatch(context({ submitter: "" }))?.code, "relay-mismatch");
});

test("checkProgress: duplicate, replay and non-monotonic receipts", () => {
  const r = receipt();
  const state = {
    bytes: r.bytes,
    segments: r.segments,
    lastSequence: r.lastSequence,
    timestamp: r.timestamp,
  };
  assert.equal(checkProgress(context({ state }))?.code, "duplicate");
  assert.equal(checkProgress(context({ state, receipt: receipt({ bytes: 1 }) }))?.code, "replay");
  assert.equal(
    checkProgress(context({ state, receipt: receipt({ timestamp: r.timestamp - 1 }) }))?.code,
    "replay",
  );
  for (const field of ["bytes", "segments", "lastSequence"] as const) {
    const down = receipt({ timestamp: r.timestamp + 1, [field]: r[field] - 1 });
    assert.equal(checkProgress(context({ state, receipt: down }))?.code, "non-monotonic", field);
  }
  assert.equal(
    checkProgress(context({ state, receipt: receipt({ timestamp: r.timestamp + 1 }) })),
    null,
  );
});

test("checkStream: receipt must name its session's stream", () => {
  assert.equal(
    checkStream(context({ receipt: receipt({ streamId: `0x${"cd".repeat(32)}` }) }))?.code,
    "stream-mismatch",
  );
});

test("checkTimestamp: future and pre-session receipts", () => {
  assert.equal(
    checkTimestamp(context({ receipt: receipt({ timestamp: T0 + 10_000_000 }) }))?.code,
    "timestamp-invalid",
  );
  assert.equal(
    checkTimestamp(context({ receipt: receipt({ timestamp: 0 }) }))?.code,
    "timestamp-invalid",
  );
  assert.equal(
    checkTimestamp(context({ receipt: receipt({ timestamp: T0 - 1_000 }) })),
    null,
    "within clock skew",
  );
});

test("checkAssignment: sessions assigned to another relay", () => {
  assert.equal(
    checkAssignment(context({ session: session({ relays: [OTHER_RELAY] }) }))?.code,
    "session-not-assigned",
  );
  assert.equal(
    checkAssignment(context({ session: session({ relays: [] }) }))?.code,
    "session-not-assigned",
  );
  assert.equal(
    checkAssignment(context({ session: session({ relays: [OTHER_RELAY, RELAY] }) })),
    null,
  );
});

test("checkRelayStatus: unknown, unstaked and jailed relays", () => {
  assert.equal(checkRelayStatus(context({ relay: undefined }))?.code, "relay-unknown");
  assert.equal(
    checkRelayStatus(context({ relay: relay({ staked: false }) }))?.code,
    "relay-unstaked",
  );
  assert.equal(checkRelayStatus(context({ relay: relay({ jailed: true }) }))?.code, "relay-jailed");
  assert.equal(
    checkRelayStatus(context({ relay: relay({ staked: false, jailed: true }) }))?.code,
    "relay-jailed",
  );
});

test("checkSelfDealing: viewer at the relay's network address or with its wallet", () => {
  assert.equal(
    checkSelfDealing(context({ session: session({ viewerIp: "203.0.113.9" }) }))?.code,
    "self-dealing",
  );
  assert.equal(
    checkSelfDealing(context({ session: session({ viewerAddress: RELAY.toUpperCase() }) }))?.code,
    "self-dealing",
  );
  assert.equal(
    checkSelfDealing(context({ session: session({ viewerIp: "" }), relay: relay({ ips: [""] }) })),
    null,
  );
  assert.equal(
    checkSelfDealing(context({ relay: undefined })),
    null,
    "unknown relays are checkRelayStatus's job",
  );
});

test("checkSelfDealing: loopback viewers pass only where the policy allows them", () => {
  const loopback = {
    session: session({ viewerIp: "127.0.0.1" }),
    relay: relay({ ips: ["127.0.0.1"] }),
  };
  assert.equal(checkSelfDealing(context(loopback))?.code, "self-dealing");
  const allowed = { ...context(loopback).policy, allowLoopbackViewers: true };
  assert.equal(checkSelfDealing({ ...context(loopback), policy: allowed }), null);
  assert.equal(
    checkSelfDealing({
      ...context({
        session: session({ viewerIp: "127.0.0.1", viewerAddress: RELAY }),
        relay: relay({ ips: ["127.0.0.1"] }),
      }),
      policy: allowed,
    })?.code,
    "self-dealing",
    "the wallet check still runs",
  );
  assert.equal(
    checkSelfDealing({
      ...context({ session: session({ viewerIp: "203.0.113.9" }) }),
      policy: allowed,
    })?.code,
    "self-dealing",
    "only loopback addresses are exempt",
  );
});

test("checkSessionCap: too many sessions from one address", () => {
  const max = context().policy.maxSessionsPerAddress;
  assert.equal(checkSessionCap(context({ session: session({ addressOrdinal: max }) })), null);
  assert.equal(
    checkSessionCap(context({ session: session({ addressOrdinal: max + 1 }) }))?.code,
    "too-many-sessions",
  );
  assert.equal(
    checkSessionCap(context({ session: session({ addressOrdinal: Number.NaN }) }))?.code,
    "too-many-sessions",
  );
});

test("checkStreamBytes: bytes or segments beyond what the stream produced", () => {
  const over = receipt({ bytes: 11 * SEGMENT_BYTES });
  assert.equal(checkStreamBytes(context({ receipt: over }))?.code, "bytes-exceed-stream");
  const withinTolerance = receipt({ bytes: 10 * SEGMENT_BYTES + 60_000 });
  assert.equal(checkStreamBytes(context({ receipt: withinTolerance })), null);
  assert.equal(
    checkStreamBytes(context({ receipt: receipt({ segments: 11 }) }))?.code,
    "bytes-exceed-stream",
  );
  // The session started at 105: segments 100..104 are not its to count.
  assert.equal(
    checkStreamBytes(context({ session: session({ firstSequence: 105 }) }))?.code,
    "bytes-exceed-stream",
  );
  assert.equal(
    checkStreamBytes(context({ receipt: receipt({ lastSequence: 500 }) }))?.code,
    "bytes-exceed-stream",
  );
  assert.equal(checkStreamBytes(context({ manifest: undefined }))?.code, "bytes-exceed-stream");
  assert.equal(
    checkStreamBytes(context({ manifest: buildSegmentIndex([]) }))?.code,
    "bytes-exceed-stream",
  );
});

test("checkStreamBytes: the session as a whole, over all its relays", () => {
  const others = { bytes: 5 * SEGMENT_BYTES, segments: 5, lastSequence: 104 };
  assert.equal(checkStreamBytes(context({ otherRelays: others }))?.code, "bytes-exceed-stream");
  const failover = receipt({ bytes: 5 * SEGMENT_BYTES, segments: 5 });
  assert.equal(checkStreamBytes(context({ receipt: failover, otherRelays: others })), null);
  const ahead = { bytes: 5 * SEGMENT_BYTES, segments: 5, lastSequence: 199 };
  assert.equal(
    checkStreamBytes(context({ otherRelays: ahead })),
    null,
    "the other relay saw more of the stream",
  );
});

test("checkFetched: segments the relay never fetched", () => {
  assert.equal(checkFetched(context({ fetched: undefined }))?.code, "segments-not-fetched");
  const half = buildFetchIndex(
    manifest,
    segments.slice(0, 5).map((s) => ({ sequence: s.sequence, hash: s.hash! })),
  );
  assert.equal(
    checkFetched(context({ fetched: half }))?.code,
    "segments-not-fetched",
    "lastSequence not fetched",
  );
  const gappy = buildFetchIndex(manifest, [{ sequence: 109, hash: hashOf(109) }]);
  assert.equal(
    checkFetched(context({ fetched: gappy }))?.code,
    "segments-not-fetched",
    "9 of 10 missing",
  );
  const wrongHash = buildFetchIndex(
    manifest,
    segments.map((s) => ({ sequence: s.sequence, hash: hashOf(1) })),
  );
  assert.equal(
    checkFetched(context({ fetched: wrongHash }))?.code,
    "segments-not-fetched",
    "other bytes than signed",
  );
  const garbage = buildFetchIndex(manifest, [
    { sequence: -1, hash: "x" },
    { sequence: 1.5, hash: hashOf(1) },
  ] as never);
  assert.equal(checkFetched(context({ fetched: garbage }))?.code, "segments-not-fetched");
});

test("checkRealTime: faster-than-real-time playback", () => {
  // 10 segments (5 MB) at a 2 Mbit/s stream: fine after 20 s, fine after 10 s (10 s of
  // slack at the bitrate), not after 5 s. The origin's durations play no part.
  assert.equal(checkRealTime(context()), null);
  assert.equal(checkRealTime(context({ receipt: receipt({ timestamp: T0 + 10_000 }) })), null);
  assert.equal(
    checkRealTime(context({ receipt: receipt({ timestamp: T0 + 5_000 }) }))?.code,
    "faster-than-real-time",
  );
  // A post-dated receipt is measured against the coordinator's clock.
  const postDated = context({ receipt: receipt({ timestamp: T0 + 60_000 }), now: T0 + 5_000 });
  assert.equal(checkRealTime(postDated)?.code, "faster-than-real-time");
  const fifty = receipt({
    segments: 50,
    lastSequence: 149,
    bytes: 50 * SEGMENT_BYTES,
    timestamp: T0 + 60_000,
  });
  assert.equal(
    checkRealTime(context({ receipt: fifty, now: T0 + 60_000 }))?.code,
    "faster-than-real-time",
  );
  assert.equal(checkRealTime(context({ receipt: receipt({ segments: 0 }) })), null);
  const others = { bytes: 10 * SEGMENT_BYTES, segments: 10, lastSequence: 119 };
  const twoRelays = context({ receipt: receipt({ timestamp: T0 + 12_000 }), otherRelays: others });
  assert.equal(
    checkRealTime(twoRelays)?.code,
    "faster-than-real-time",
    "10 MB in 12 s at 2 Mbit/s",
  );
  const tinyDurations = buildSegmentIndex(segments.map((x) => ({ ...x, durationMs: 1 })));
  assert.equal(
    checkRealTime(context({ manifest: tinyDurations, receipt: receipt({ timestamp: T0 + 5_000 }) }))
      ?.code,
    "faster-than-real-time",
    "1 ms durations buy nothing",
  );
});
