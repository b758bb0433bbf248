/**
 * Which relays a new viewer session gets, best first. Pure: the caller loads the relays and
 * their stake status.
 *
 * Eligible: live (heartbeat within `liveMs`), staked (unless `requireStake` is off), not
 * saturated (load < 1), and not the viewer's own wallet (no self-dealing). Relays already
 * serving the stream come first; other eligible relays can pull it from their upstream and
 * fill the remaining places. Within each group: tier descending (viewers hit the edge of the
 * tree, so the origin's egress stays flat), then load ascending, then fewer viewers, then
 * address (a stable order).
 */
export interface RelayCandidate {
  address: string;
  url: string;
  tier: number;
  load: number;
  viewers: number;
  streams: readonly string[];
  lastSeen: number;
  staked: boolean;
}

export interface RankOptions {
  streamId: string;
  now: number;
  liveMs: number;
  requireStake: boolean;
  limit: number;
  /** The viewer's wallet, lowercase: never assigned to itself. */
  viewerAddress?: string;
}

export function isLive(lastSeen: number, now: number, liveMs: number): boolean {
  return now - lastSeen <= liveMs;
}

function compare(a: RelayCandidate, b: RelayCandidate): number {
  return (
    b.tier - a.tier ||
    a.load - b.load ||
    a.viewers - b.viewers ||
    (a.address < b.address ? -1 : a.address > b.address ? 1 : 0)
  );
}

export function rankRelays(
  relays: readonly RelayCandidate[],
  options: RankOptions,
): RelayCandidate[] {
  const streamId = options.streamId.toLowerCase();
  const eligible = relays.filter(
    (r) =>
      isLive(r.lastSeen, options.now, options.liveMs) &&
      (r.staked || !options.requireStake) &&
      r.load < 1 &&
      r.address !== options.viewerAddress,
  );
  const serving = eligible.filter((r) => r.streams.includes(streamId)).sort(compare);
  const others = eligible.filter((r) => !r.streams.includes(streamId)).sort(compare);
  return [...serving, ...others].slice(0, options.limit);
}
