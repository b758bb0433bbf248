/**
 * What fake viewers can take: two limits on the bytes an epoch pays, applied at close to the
 * bytes each session was credited in the epoch (per relay). Pure: plain data in, the bytes to
 * withhold (with a reason code) out.
 *
 * Viewer cap (`viewer-cap`): a pool whose owner set maxViewers = N pays, per epoch, only the
 * first N sessions of all its streams, ordered by their first credited receipt in the epoch
 * (the accepted-at time of its batch), ties by stream id then session id. Every byte of a
 * later session is withheld.
 *
 * Stream bound (`stream-bound`): a session is paid at most what its stream produced in the
 * epoch's window W (origin-signed manifest entries the coordinator accepted from LAG before
 * the epoch starts until it closes), with the receipt checks' tolerance:
 *   allowed = floor(produced(W) x (1 + byteTolerance)) + byteSlack            per session
 * so a stream's paid bytes are at most sessions served x allowed: segments produced x
 * sessions actually served (credited) x segment size. A session over it keeps
 * floor(b_i x allowed / total) at each relay i (rounded down, so never above allowed); the
 * rest is withheld.
 */

export type BoundCode = "viewer-cap" | "stream-bound";

/** Bytes one relay was credited for one session in the epoch (receipt apply). */
export interface SessionCredit {
  streamId: string;
  sessionId: string;
  relay: string;
  bytes: bigint;
}

export interface StreamWindow {
  /** Bytes of the stream's manifest entries accepted in the epoch's window. */
  producedBytes: bigint;
  /** The pool paying for the stream, if any (viewer caps apply per pool). */
  poolId: bigint | undefined;
}

export interface BoundTolerance {
  /** Relative tolerance, as in FraudPolicy.byteTolerance (0.02 = 2 %). */
  byteTolerance: number;
  /** Absolute bytes on top, as in FraudPolicy.byteSlack. */
  byteSlack: number;
}

export interface EpochBoundsInput {
  sessions: readonly SessionCredit[];
  /** When each session (sessionKey) was first credited in the epoch; missing = last. */
  firstCreditAt: ReadonlyMap<string, number>;
  /** Per stream id; a stream missing here produced nothing in the window and has no pool. */
  streams: ReadonlyMap<string, StreamWindow>;
  /** Max paid sessions per epoch, by pool; a pool missing here has no cap. */
  viewerCaps: ReadonlyMap<bigint, number>;
  tolerance: BoundTolerance;
}

export interface WithheldCredit {
  streamId: string;
  sessionId: string;
  relay: string;
  bytes: bigint;
  code: BoundCode;
  /** The numbers that explain it, for the relay's report. */
  message: string;
}

/** The key a session's first credit is stored under: `streamId|sessionId`. */
export function sessionKey(streamId: string, sessionId: string): string {
  return `${streamId}|${sessionId}`;
}

const PPM = 1_000_000n;

/** Most one session is paid in an epoch whose window produced `producedBytes`. */
export function sessionAllowance(producedBytes: bigint, tolerance: BoundTolerance): bigint {
  const ppm = BigInt(Math.round(tolerance.byteTolerance * 1e6));
  return (producedBytes * (PPM + ppm)) / PPM + BigInt(tolerance.byteSlack);
}

interface SessionGroup {
  key: string;
  streamId: string;
  sessionId: string;
  relays: Map<string, bigint>;
  total: bigint;
}

function groupSessions(credits: readonly SessionCredit[]): Map<string, SessionGroup> {
  const groups = new Map<string, SessionGroup>();
  for (const c of credits) {
    if (c.bytes <= 0n) continue;
    const key = sessionKey(c.streamId, c.sessionId);
    let g = groups.get(key);
    if (g === undefined) {
      g = { key, streamId: c.streamId, sessionId: c.sessionId, relays: new Map(), total: 0n };
      groups.set(key, g);
    }
    g.relays.set(c.relay, (g.relays.get(c.relay) ?? 0n) + c.bytes);
    g.total += c.bytes;
  }
  return groups;
}

/** Orders sessions by first credit, then stream id, then session id (total, deterministic). */
function byFirstCredit(firstCreditAt: ReadonlyMap<string, number>) {
  return (a: SessionGroup, b: SessionGroup): number => {
    const ta = firstCreditAt.get(a.key) ?? Number.POSITIVE_INFINITY;
    const tb = firstCreditAt.get(b.key) ?? Number.POSITIVE_INFINITY;
    if (ta !== tb) return ta < tb ? -1 : 1;
    if (a.streamId !== b.streamId) return a.streamId < b.streamId ? -1 : 1;
    return a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0;
  };
}

/** The bytes to withhold this epoch, per (session, relay), with why. The input is not modified. */
export function boundEpochCredits(input: EpochBoundsInput): WithheldCredit[] {
  const groups = groupSessions(input.sessions);
  const withheld: WithheldCredit[] = [];
  const capped = new Set<string>();

  const byPool = new Map<bigint, SessionGroup[]>();
  for (const g of groups.values()) {
    const poolId = input.streams.get(g.streamId)?.poolId;
    if (poolId === undefined || !input.viewerCaps.has(poolId)) continue;
    let list = byPool.get(poolId);
    if (list === undefined) byPool.set(poolId, (list = []));
    list.push(g);
  }
  for (const [poolId, list] of byPool) {
    const cap = input.viewerCaps.get(poolId)!;
    list.sort(byFirstCredit(input.firstCreditAt));
    list.slice(cap).forEach((g, i) => {
      capped.add(g.key);
      for (const [relay, bytes] of g.relays) {
        withheld.push({
          streamId: g.streamId,
          sessionId: g.sessionId,
          relay,
          bytes,
          code: "viewer-cap",
          message: `session ${g.sessionId} was viewer ${cap + i + 1} of pool ${poolId} this epoch; its owner pays at most ${cap}`,
        });
      }
    });
  }

  for (const g of groups.values()) {
    if (capped.has(g.key)) continue;
    const produced = input.streams.get(g.streamId)?.producedBytes ?? 0n;
    const allowed = sessionAllowance(produced, input.tolerance);
    if (g.total <= allowed) continue;
    for (const [relay, bytes] of g.relays) {
      const cut = bytes - (bytes * allowed) / g.total;
      if (cut === 0n) continue;
      withheld.push({
        streamId: g.streamId,
        sessionId: g.sessionId,
        relay,
        bytes: cut,
        code: "stream-bound",
        message: `session ${g.sessionId} was credited ${g.total} bytes this epoch; stream ${g.streamId} produced ${produced} in the epoch's window (allowed ${allowed} per session)`,
      });
    }
  }
  return withheld;
}
