/**
 * The fraud checks: one pure function each, receipt context in, a rejection (or null) out.
 * `evaluateReceipt` runs them in a fixed order; each is exported so it is tested on its own.
 */
import type { SignedReceipt } from "@streamrp2p/protocol/receipt";
import type { FraudPolicy } from "./fraud-policy.ts";
import type { RelayStanding, SessionRecord, SessionRelayState } from "./records.ts";
import { rejection, type Rejection } from "./rejection.ts";
import { hasSequence, segmentRange, type SegmentIndex } from "./segment-index.ts";

/** Everything the checks look at for one receipt: plain data the shell loaded. */
export interface ReceiptContext {
  receipt: SignedReceipt;
  /** The receipt's session. */
  session: SessionRecord;
  /** The relay named in the receipt, if registered. */
  relay: RelayStanding | undefined;
  /** The authenticated relay that submitted the batch (lowercase). */
  submitter: string;
  /** The origin's manifest of the session's stream. */
  manifest: SegmentIndex | undefined;
  /** The stream's maximum bitrate (bit/s, owner-set, capped by the coordinator). */
  maxBitrate?: number | undefined;
  /** The relay's fetch log for the session's stream. */
  fetched: SegmentIndex | undefined;
  /** The last receipt that moved this (session, relay) pair forward. */
  state: SessionRelayState | undefined;
  /**
   * The session's baselines at its other assigned relays: bytes and segments summed, the
   * highest lastSequence. A viewer watches one stream once, however many relays serve it.
   */
  otherRelays?: SessionTotals;
  /** Coordinator clock, ms since the Unix epoch. */
  now: number;
  policy: FraudPolicy;
}

export interface SessionTotals {
  bytes: number;
  segments: number;
  lastSequence: number;
}

export type FraudCheck = (ctx: ReceiptContext) => Rejection | null;

/** Verifies a receipt signature against a session public key (see receipt-verifier.ts). */
export type VerifySignature = (
  publicKey: string,
  receipt: SignedReceipt,
  signature: string,
) => boolean;

export function checkSignature(ctx: ReceiptContext, verify: VerifySignature): Rejection | null {
  const { receipt, session } = ctx;
  if (verify(session.publicKey, receipt, receipt.signature)) return null;
  return rejection(
    "bad-signature",
    `receipt for session ${session.sessionId} is not signed by the session key`,
  );
}

export const checkRelayMismatch: FraudCheck = ({ receipt, submitter }) =>
  receipt.relay === submitter
    ? null
    : rejection(
        "relay-mismatch",
        `relay ${submitter} submitted a receipt for relay ${receipt.relay}`,
      );

/**
 * Idempotency of cumulative receipts: only a receipt newer than the baseline, with counters
 * that did not go down, moves the pair forward.
 */
export const checkProgress: FraudCheck = ({ receipt: r, state: s }) => {
  if (s === undefined) return null;
  if (
    r.timestamp === s.timestamp &&
    r.bytes === s.bytes &&
    r.segments === s.segments &&
    r.lastSequence === s.lastSequence
  ) {
    return rejection("duplicate", `receipt of ${r.timestamp} already processed`);
  }
  if (r.timestamp <= s.timestamp) {
    return rejection(
      "replay",
      `receipt of ${r.timestamp} is not newer than the last processed (${s.timestamp})`,
    );
  }
  if (r.bytes < s.bytes || r.segments < s.segments || r.lastSequence < s.lastSequence) {
    return rejection(
      "non-monotonic",
      `counters went down: bytes ${s.bytes} -> ${r.bytes}, segments ${s.segments} -> ${r.segments}, ` +
        `lastSequence ${s.lastSequence} -> ${r.lastSequence}`,
    );
  }
  return null;
};

export const checkStream: FraudCheck = ({ receipt, session }) =>
  receipt.streamId === session.streamId
    ? null
    : rejection(
        "stream-mismatch",
        `receipt names stream ${receipt.streamId}, session watches ${session.streamId}`,
      );

export const checkTimestamp: FraudCheck = ({ receipt, session, now, policy }) => {
  if (receipt.timestamp > now + policy.maxClockSkewMs) {
    return rejection(
      "timestamp-invalid",
      `receipt dated ${receipt.timestamp - now} ms in the future`,
    );
  }
  if (receipt.timestamp < session.createdAt - policy.maxClockSkewMs) {
    return rejection(
      "timestamp-invalid",
      `receipt dated ${session.createdAt - receipt.timestamp} ms before its session`,
    );
  }
  return null;
};

export const checkAssignment: FraudCheck = ({ receipt, session }) =>
  session.relays.includes(receipt.relay)
    ? null
    : rejection(
        "session-not-assigned",
        `session ${session.sessionId} was assigned to ${session.relays.length === 0 ? "no relay" : session.relays.join(", ")}, not ${receipt.relay}`,
      );

export const checkRelayStatus: FraudCheck = ({ receipt, relay }) => {
  if (relay === undefined)
    return rejection("relay-unknown", `relay ${receipt.relay} is not registered`);
  if (relay.jailed) return rejection("relay-jailed", `relay ${relay.address} is jailed`);
  if (!relay.staked)
    return rejection("relay-unstaked", `relay ${relay.address} has no active stake`);
  return null;
};

const isLoopback = (ip: string) =>
  ip === "::1" || ip.startsWith("127.") || ip.startsWith("::ffff:127.");

export const checkSelfDealing: FraudCheck = ({ session, relay, policy }) => {
  if (relay === undefined) return null;
  const exempt = policy.allowLoopbackViewers && isLoopback(session.viewerIp);
  if (session.viewerIp !== "" && !exempt && relay.ips.includes(session.viewerIp)) {
    return rejection(
      "self-dealing",
      `viewer ${session.viewerIp} is at the relay's own network address`,
    );
  }
  if (
    session.viewerAddress !== undefined &&
    session.viewerAddress.toLowerCase() === relay.address
  ) {
    return rejection(
      "self-dealing",
      `viewer wallet ${session.viewerAddress} is the relay's operator`,
    );
  }
  return null;
};

export const checkSessionCap: FraudCheck = ({ session, policy }) =>
  session.addressOrdinal <= policy.maxSessionsPerAddress
    ? null
    : rejection(
        "too-many-sessions",
        `session ${session.addressOrdinal} from ${session.viewerIp}, at most ${policy.maxSessionsPerAddress} allowed`,
      );

/**
 * Bytes and segments within what the stream produced from the session's first sequence to
 * lastSequence: for this relay's receipt, and for the session as a whole (this receipt plus
 * the session's baselines at its other relays).
 */
export const checkStreamBytes: FraudCheck = ({
  receipt,
  session,
  manifest,
  otherRelays,
  policy,
}) => {
  if (manifest === undefined) {
    return rejection("bytes-exceed-stream", `no manifest known for stream ${session.streamId}`);
  }
  if (!hasSequence(manifest, receipt.lastSequence)) {
    return rejection("bytes-exceed-stream", `stream has no segment ${receipt.lastSequence}`);
  }
  const others = otherRelays ?? { bytes: 0, segments: 0, lastSequence: 0 };
  const head = Math.max(receipt.lastSequence, others.lastSequence);
  const bytes = receipt.bytes + others.bytes;
  const segments = receipt.segments + others.segments;
  const produced = segmentRange(manifest, session.firstSequence, head);
  const allowed = Math.floor(produced.bytes * (1 + policy.byteTolerance)) + policy.byteSlack;
  const withOthers =
    others.bytes > 0 || others.segments > 0
      ? ` (${others.bytes} bytes / ${others.segments} segments of them at the session's other relays)`
      : "";
  if (bytes > allowed) {
    return rejection(
      "bytes-exceed-stream",
      `${bytes} bytes claimed${withOthers}, stream produced ${produced.bytes} in segments ${session.firstSequence}..${head} (allowed ${allowed})`,
    );
  }
  if (segments > produced.count) {
    return rejection(
      "bytes-exceed-stream",
      `${segments} segments claimed${withOthers}, stream produced ${produced.count} in ${session.firstSequence}..${head}`,
    );
  }
  return null;
};

/** The relay pulled the last segment and enough of the others to have served the bytes. */
export const checkFetched: FraudCheck = ({ receipt, session, fetched, policy }) => {
  if (fetched === undefined || !hasSequence(fetched, receipt.lastSequence)) {
    return rejection("segments-not-fetched", `relay never fetched segment ${receipt.lastSequence}`);
  }
  const got = segmentRange(fetched, session.firstSequence, receipt.lastSequence);
  const allowed = Math.floor(got.bytes * (1 + policy.byteTolerance)) + policy.byteSlack;
  if (receipt.segments > got.count || receipt.bytes > allowed) {
    return rejection(
      "segments-not-fetched",
      `${receipt.segments} segments / ${receipt.bytes} bytes claimed, relay fetched ${got.count} / ${got.bytes} in ${session.firstSequence}..${receipt.lastSequence}`,
    );
  }
  return null;
};

/**
 * Bytes delivered (at every relay of the session) against what the stream can have produced
 * in wall-clock time since the session started: its maximum bitrate (owner-set, capped by
 * the coordinator) x elapsed time, measured on the coordinator's clock to the earlier of the
 * receipt's timestamp and now, plus `realtimeSlackMs` at that bitrate (the live window a new
 * viewer catches up on). The origin's segment durations play no part: they are its own claim.
 */
export const checkRealTime: FraudCheck = ({
  receipt,
  session,
  otherRelays,
  maxBitrate,
  now,
  policy,
}) => {
  if (maxBitrate === undefined) return null;
  const bytes = receipt.bytes + (otherRelays?.bytes ?? 0);
  const elapsedMs = Math.max(0, Math.min(receipt.timestamp, now) - session.createdAt);
  const bytesPerMs = maxBitrate / 8000;
  const allowed =
    bytesPerMs * (elapsedMs * (1 + policy.realtimeTolerance) + policy.realtimeSlackMs);
  if (bytes <= allowed) return null;
  return rejection(
    "faster-than-real-time",
    `${bytes} bytes (over all the session's relays) in ${elapsedMs} ms since the session started; the stream's ${maxBitrate} bit/s allow ${Math.floor(allowed)}`,
  );
};

/**
 * The checks whose failure withholds a fresh receipt's increase (all are run, all reasons
 * kept). checkSignature, checkRelayMismatch, checkTimestamp and checkProgress run before
 * them in evaluateReceipt and stop it: those receipts never move the baseline.
 */
export const FRAUD_CHECKS: readonly FraudCheck[] = [
  checkStream,
  checkAssignment,
  checkRelayStatus,
  checkSelfDealing,
  checkSessionCap,
  checkStreamBytes,
  checkFetched,
  checkRealTime,
];
