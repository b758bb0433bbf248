/**
 * Why a receipt earned nothing: the stable reason codes the coordinator stores and reports per
 * relay and epoch (`GET /v1/relays/:address/report`), each with the one-line explanation that
 * the operator CLI and the web app show. The single source of truth for both. Most are decided
 * per receipt; the `audit-*` codes withhold a relay key's whole epoch at close after it failed
 * a spot check (the evidence: `GET /v1/relays/:address/audits`), and "stream-bound" and
 * "viewer-cap" withhold a session's credited bytes when the epoch closes.
 */
export const REJECTION_CODES = {
  malformed: "the receipt does not match the receipt schema",
  "unknown-session": "no session with this id exists (expired or never created)",
  "bad-signature": "the signature is not the session key's signature of this receipt",
  "relay-mismatch": "a relay submitted a receipt naming another relay",
  duplicate: "the same receipt was already processed",
  replay: "a receipt not newer than the last one processed for this session and relay",
  "non-monotonic": "a newer receipt whose cumulative counters went down",
  "stream-mismatch": "the receipt names another stream than its session",
  "timestamp-invalid": "the receipt is dated before its session started or in the future",
  "session-not-assigned": "the session was assigned to other relays",
  "relay-unknown": "the relay is not registered",
  "relay-unstaked": "the relay has no active stake",
  "relay-jailed": "the relay is jailed",
  "self-dealing": "the viewer shares an address with the relay",
  "too-many-sessions": "the viewer's address opened more sessions than allowed",
  "bytes-exceed-stream":
    "more bytes or segments than the stream produced since the session started",
  "segments-not-fetched": "the relay never fetched these segments from the origin or its upstream",
  "faster-than-real-time":
    "more bytes than the stream's maximum bitrate x wall-clock time since the session started allows",
  "audit-wrong-bytes":
    "a coordinator spot check got bytes from the relay that differ from the origin-signed segment: every byte of the epoch is withheld",
  "audit-bad-statement":
    "a coordinator spot check got the segment without a delivery statement signed by the relay key: every byte of the epoch is withheld",
  "audit-no-delivery":
    "a coordinator spot check got nothing for a segment the relay claimed (playlist, fetch log or receipts): every byte of the epoch is withheld",
  "audit-too-slow":
    "a coordinator spot check waited far longer than the segment's duration for it: every byte of the epoch is withheld",
  "stream-bound":
    "at epoch close: the session was credited more bytes this epoch than its stream produced in the epoch's window",
  "viewer-cap":
    "at epoch close: the session came after the pool's maximum number of paid viewers for the epoch",
} as const;

export type RejectionCode = keyof typeof REJECTION_CODES;

export function isRejectionCode(code: string): code is RejectionCode {
  return Object.hasOwn(REJECTION_CODES, code);
}

/** The explanation of a reason code; a code this version does not know is named as such. */
export function describeRejection(code: string): string {
  return isRejectionCode(code)
    ? REJECTION_CODES[code]
    : `a reason this version does not know ("${code}")`;
}
