/**
 * Whether the coordinator lists a relay to viewers, from its last probe of the relay's
 * advertised URL (relays/probe-relay.ts), and when the next probe is due. Pure.
 */
import type { RelayProbeReason, RelayReachability } from "@streamrp2p/protocol/api";

/** One probe as recorded with the relay: which URL, when, and what came of it. */
export interface ProbeRecord {
  url: string;
  at: number;
  ok: boolean;
  reason: Exclude<RelayProbeReason, "not-probed"> | null;
  detail: string | null;
  segmentVerified: boolean;
}

export interface ProbePolicy {
  /** Probes off: every relay is listed (RELAY_PROBE=false). */
  enabled: boolean;
  /** A reachable relay whose probe verified a segment is probed again after this, ms. */
  intervalMs: number;
}

/** A relay that answered but held no segment yet is probed again after this, ms. */
export const UNVERIFIED_REPROBE_MS = 5000;

/** The probe that applies to `url`: one of that URL (a changed URL is unprobed). */
function probeOf(record: { url: string; probe?: ProbeRecord }): ProbeRecord | undefined {
  return record.probe?.url === record.url ? record.probe : undefined;
}

export function reachabilityOf(
  record: { url: string; probe?: ProbeRecord },
  policy: ProbePolicy,
): RelayReachability {
  const probe = probeOf(record);
  if (!policy.enabled)
    return {
      listed: true,
      reason: null,
      detail: null,
      segmentVerified: probe?.segmentVerified ?? false,
      checkedAt: probe?.at ?? null,
    };
  if (!probe)
    return {
      listed: false,
      reason: "not-probed",
      detail: "the coordinator has not probed this URL yet",
      segmentVerified: false,
      checkedAt: null,
    };
  return {
    listed: probe.ok,
    reason: probe.reason,
    detail: probe.detail,
    segmentVerified: probe.segmentVerified,
    checkedAt: probe.at,
  };
}

/**
 * Whether a heartbeat announcing `url` should be probed now: never probed at that URL, or the
 * last probe is older than the interval (a quarter of it after a failure, UNVERIFIED_REPROBE_MS
 * when the relay held no segment to fetch).
 */
export function probeDue(
  previous: { url: string; probe?: ProbeRecord } | undefined,
  url: string,
  now: number,
  policy: ProbePolicy,
): boolean {
  if (!policy.enabled) return false;
  const probe = previous ? probeOf({ url, probe: previous.probe }) : undefined;
  if (!probe) return true;
  const wait = !probe.ok
    ? policy.intervalMs / 4
    : probe.segmentVerified
      ? policy.intervalMs
      : UNVERIFIED_REPROBE_MS;
  return now - probe.at >= wait;
}
