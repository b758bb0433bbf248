/** Shared test data for the core: a stream of 2-second segments and a staked relay. */
import type { SignedReceipt } from "@streamrp2p/protocol/receipt";
import type { ReceiptContext } from "../../src/core/fraud-checks.ts";
import { parseFraudPolicy } from "../../src/core/fraud-policy.ts";
import type { RelayStanding, SessionRecord } from "../../src/core/records.ts";
import {
  buildFetchIndex,
  buildSegmentIndex,
  type IndexedSegment,
} from "../../src/core/segment-index.ts";

export const STREAM = `0x${"ab".repeat(32)}` as const;
export const RELAY = "0x00000000000000000000000000000000000000a1";
export const OTHER_RELAY = "0x00000000000000000000000000000000000000b2";
export const T0 = 1_764_000_000_000;
export const SEGMENT_MS = 2_000;
export const SEGMENT_BYTES = 500_000;
/** The stream's maximum bitrate: exactly one segment per SEGMENT_MS (2 s), in bit/s. */
export const STREAM_BITRATE = (SEGMENT_BYTES * 8) / 2;
export const policy = parseFraudPolicy({});

export function hashOf(sequence: number): string {
  return `0x${sequence.toString(16).padStart(64, "0")}`;
}

/** Sequences 100..199, each SEGMENT_BYTES and SEGMENT_MS. */
export const segments: IndexedSegment[] = Array.from({ length: 100 }, (_, i) => ({
  sequence: 100 + i,
  size: SEGMENT_BYTES,
  durationMs: SEGMENT_MS,
  hash: hashOf(100 + i),
}));
export const manifest = buildSegmentIndex(segments);
export const fetchedAll = buildFetchIndex(
  manifest,
  segments.map((s) => ({ sequence: s.sequence, hash: s.hash! })),
);

export function session(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    sessionId: "s1",
    streamId: STREAM,
    publicKey: "unused",
    createdAt: T0,
    firstSequence: 100,
    relays: [RELAY],
    viewerIp: "198.51.100.7",
    addressOrdinal: 1,
    ...overrides,
  };
}

export function relay(overrides: Partial<RelayStanding> = {}): RelayStanding {
  return { address: RELAY, staked: true, jailed: false, ips: ["203.0.113.9"], ...overrides };
}

/** 10 segments (100..109) delivered in 20 s of wall clock: an honest receipt. */
export function receipt(overrides: Partial<SignedReceipt> = {}): SignedReceipt {
  return {
    sessionId: "s1",
    relay: RELAY,
    streamId: STREAM,
    bytes: 10 * SEGMENT_BYTES,
    segments: 10,
    lastSequence: 109,
    timestamp: T0 + 20_000,
    signature: "A".repeat(86),
    ...overrides,
  };
}

export function context(overrides: Partial<ReceiptContext> = {}): ReceiptContext {
  return {
    receipt: receipt(),
    session: session(),
    relay: relay(),
    submitter: RELAY,
    manifest,
    maxBitrate: STREAM_BITRATE,
    fetched: fetchedAll,
    state: undefined,
    now: T0 + 21_000,
    policy,
    ...overrides,
  };
}

/** Deterministic PRNG (mulberry32) for property-style tests. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
