/**
 * The verdict of one spot check: the auditor fetched a few recent segments from a relay as an
 * ordinary viewer would, and this compares what it got with the truth (the origin-signed
 * manifest entry: size and SHA-256), with the relay's signed delivery statement, with the time
 * a viewer can wait, and with what the relay claims (its playlist lists the segment, its fetch
 * log says it pulled it, its uploaded receipts were credited for the stream this epoch).
 * Pure: plain data in, verdict out.
 *
 * A relay fails when, for a segment it claims:
 *   audit-wrong-bytes    it served bytes whose size or hash differ from the signed entry;
 *   audit-bad-statement  the bytes are right but the delivery statement is missing or not
 *                        signed by the relay key (the viewer cannot pay for them);
 *   audit-no-delivery    it answered an error or nothing (also: no playlist at all while its
 *                        receipts were credited for the stream this epoch);
 *   audit-too-slow       the segment took longer than `slowFactor` x its duration (a timeout
 *                        counts here too).
 * When several segments fail, the most serious code wins, in the order above. A segment the
 * relay does not claim proves nothing (inconclusive), nor does a relay that claims nothing.
 */
import type { RejectionCode } from "./rejection.ts";

export const AUDIT_CODES = [
  "audit-wrong-bytes",
  "audit-bad-statement",
  "audit-no-delivery",
  "audit-too-slow",
] as const satisfies readonly RejectionCode[];

export type AuditCode = (typeof AUDIT_CODES)[number];

/** The shortest time limit a segment gets, whatever its duration. */
export const MIN_FETCH_LIMIT_MS = 1000;

export interface ExpectedSegment {
  sequence: number;
  /** Bytes, as the origin signed. */
  size: number;
  durationMs: number;
  /** 0x SHA-256, as the origin signed. */
  hash: `0x${string}`;
}

export type SegmentFetch =
  | {
      outcome: "received";
      bytes: number;
      /** 0x SHA-256 of the bytes received. */
      hash: `0x${string}`;
      /** The x-delivery-statement header, if any. */
      statement: string | null;
      /** Who signed the statement over the entry (lowercase), null if missing or unrecoverable. */
      statementSigner: `0x${string}` | null;
      fetchMs: number;
    }
  | {
      outcome: "failed";
      /** The HTTP status, null when no answer came (network error, timeout, refused URI). */
      status: number | null;
      error: string;
      fetchMs: number;
    };

export interface SegmentProbe {
  expected: ExpectedSegment;
  fetch: SegmentFetch;
  /** The relay's playlist listed the segment. */
  inPlaylist: boolean;
  /** The relay's fetch log says it pulled the segment. */
  inFetchLog: boolean;
}

export interface SpotCheckInput {
  /** The relay key (lowercase). */
  relay: string;
  /** Why the relay's playlist could not be read, or null when it was. */
  playlistError: string | null;
  /** Bytes of this stream credited to the relay this epoch (its receipts claim it served them). */
  creditedBytes: number;
  probes: readonly SegmentProbe[];
  /** A segment may take at most slowFactor x its duration (and at least MIN_FETCH_LIMIT_MS). */
  slowFactor: number;
}

export type SpotCheckVerdict =
  | { outcome: "pass"; segments: number }
  | { outcome: "inconclusive"; reason: string }
  | {
      outcome: "fail";
      code: AuditCode;
      /** The failing probe; null when the relay served no playlist to pick segments from. */
      probe: SegmentProbe | null;
      message: string;
    };

/** How long fetching a segment of this duration may take. */
export function fetchLimitMs(durationMs: number, slowFactor: number): number {
  return Math.max(MIN_FETCH_LIMIT_MS, durationMs * slowFactor);
}

type Failure = { code: AuditCode; message: string };

function judgeProbe(
  p: SegmentProbe,
  relay: string,
  claimsStream: boolean,
  slowFactor: number,
): Failure | "pass" | "unclaimed" {
  const { expected, fetch } = p;
  const limit = fetchLimitMs(expected.durationMs, slowFactor);
  const at = `segment ${expected.sequence}`;
  if (fetch.outcome === "failed") {
    if (!p.inPlaylist && !p.inFetchLog && !claimsStream) return "unclaimed";
    if (fetch.fetchMs >= limit)
      return {
        code: "audit-too-slow",
        message: `${at}: nothing within ${limit} ms (${fetch.error})`,
      };
    return { code: "audit-no-delivery", message: `${at}: ${fetch.error}` };
  }
  if (fetch.bytes !== expected.size || fetch.hash.toLowerCase() !== expected.hash.toLowerCase())
    return {
      code: "audit-wrong-bytes",
      message: `${at}: got ${fetch.bytes} bytes ${fetch.hash}, the origin signed ${expected.size} bytes ${expected.hash}`,
    };
  if (fetch.statement === null)
    return { code: "audit-bad-statement", message: `${at}: no delivery statement` };
  if (fetch.statementSigner !== relay.toLowerCase())
    return {
      code: "audit-bad-statement",
      message: `${at}: delivery statement signed by ${fetch.statementSigner ?? "nobody recoverable"}, not the relay ${relay}`,
    };
  if (fetch.fetchMs > limit)
    return {
      code: "audit-too-slow",
      message: `${at}: took ${Math.round(fetch.fetchMs)} ms, more than ${limit} ms`,
    };
  return "pass";
}

export function judgeSpotCheck(input: SpotCheckInput): SpotCheckVerdict {
  const claimsStream = input.creditedBytes > 0;
  if (input.probes.length === 0) {
    if (input.playlistError !== null && claimsStream)
      return {
        outcome: "fail",
        code: "audit-no-delivery",
        probe: null,
        message: `no playlist (${input.playlistError}) while ${input.creditedBytes} bytes of the stream were credited this epoch`,
      };
    return {
      outcome: "inconclusive",
      reason:
        input.playlistError === null
          ? "no recent segment the relay claims"
          : `no playlist (${input.playlistError}) and nothing claimed`,
    };
  }
  let worst: { failure: Failure; probe: SegmentProbe } | undefined;
  let passed = 0;
  for (const probe of input.probes) {
    const judged = judgeProbe(probe, input.relay, claimsStream, input.slowFactor);
    if (judged === "pass") passed++;
    else if (judged !== "unclaimed") {
      const rank = AUDIT_CODES.indexOf(judged.code);
      if (worst === undefined || rank < AUDIT_CODES.indexOf(worst.failure.code))
        worst = { failure: judged, probe };
    }
  }
  if (worst) return { outcome: "fail", ...worst.failure, probe: worst.probe };
  if (passed === 0)
    return { outcome: "inconclusive", reason: "no segment the relay claims could be checked" };
  return { outcome: "pass", segments: passed };
}
