/**
 * Which relays a new viewer session gets, best first. Pure: the caller loads the relays, their
 * stake status and their measured performance.
 *
 * Nothing a relay reports about itself decides its place: its `tier` and `load` are claims.
 * Eligible: live (heartbeat within `liveMs`), staked (unless `requireStake` is off), not
 * saturated (load < 1: a relay may only turn viewers away), and not the viewer's own wallet
 * (relay key or operator). Then three groups: relays with a known upstream that serve the
 * stream, relays with a known upstream that can pull it, relays whose upstream is unknown.
 * Within a group the order is a weighted random draw without replacement
 * (Efraimidis–Spirakis, key = u^(1/weight)) seeded by the session id, so it is reproducible
 * and a relay's expected share is its weight over the group's total:
 *
 *   weight = (operator stake weight / the operator's eligible relay keys) x performance
 *
 * where performance is the coordinator's own measure (verified / (verified + rejected) bytes),
 * so more relay keys under one stake do not buy more viewers.
 */
import { createHash } from "node:crypto";

export interface RelayCandidate {
  address: string;
  url: string;
  /** Where the relay says it pulls from; the tier is derived from it (`relayTiers`). */
  upstream: string;
  /** Self-reported: only `load >= 1` (turn viewers away) is honoured. */
  load: number;
  streams: readonly string[];
  lastSeen: number;
  staked: boolean;
  /** The wallet that authorized the relay key (null: none). */
  operator: string | null;
  /** The operator's stake weight (default 1: one staked operator, one share). */
  stakeWeight?: number;
  /** Measured by the coordinator, in [0, 1]; undefined when not measured yet (counts as 1). */
  performance?: number;
}

export interface RankOptions {
  streamId: string;
  now: number;
  liveMs: number;
  requireStake: boolean;
  limit: number;
  /** Seeds the random draw (the new session's id). */
  seed: string;
  /** Tier per relay address from `relayTiers` (0 or absent: unknown upstream). */
  tiers: ReadonlyMap<string, number>;
  /** The viewer's wallet, lowercase: never assigned to itself. */
  viewerAddress?: string;
}

/** The lowest weight a measured relay keeps, so one bad epoch does not exclude it for good. */
export const MIN_PERFORMANCE = 0.05;
/** The deepest tier the coordinator derives; longer chains count as unknown. */
export const MAX_TIER = 8;

export function isLive(lastSeen: number, now: number, liveMs: number): boolean {
  return now - lastSeen <= liveMs;
}

/** A base URL as compared for upstream matching: origin plus path without trailing slashes. */
export function normalizeBaseUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname.replace(/\/+$/, "")}`.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * The coordinator's tier of every relay, from the upstream each reports: an origin URL => 1, the
 * URL of another relay in `relays` => that relay's tier + 1, anything else (or a cycle, or a
 * chain deeper than MAX_TIER) => 0, unknown. With no origin URLs configured (development) an
 * upstream that is no relay's URL counts as the origin.
 */
export function relayTiers(
  relays: readonly Pick<RelayCandidate, "address" | "url" | "upstream">[],
  originUrls: readonly string[],
): Map<string, number> {
  const origins = new Set(originUrls.map(normalizeBaseUrl).filter((u) => u !== undefined));
  const byUrl = new Map<string, string>();
  for (const r of relays) {
    const url = normalizeBaseUrl(r.url);
    if (url !== undefined && !byUrl.has(url)) byUrl.set(url, r.address);
  }
  const upstreamOf = new Map(relays.map((r) => [r.address, normalizeBaseUrl(r.upstream)]));
  const tiers = new Map<string, number>();
  const resolve = (address: string, depth: number): number => {
    const known = tiers.get(address);
    if (known !== undefined) return known;
    if (depth > MAX_TIER) return 0;
    const upstream = upstreamOf.get(address);
    let tier = 0;
    if (upstream !== undefined) {
      const parent = byUrl.get(upstream);
      if (origins.has(upstream)) tier = 1;
      else if (parent !== undefined && parent !== address) {
        const parentTier = resolve(parent, depth + 1);
        tier = parentTier > 0 && parentTier < MAX_TIER ? parentTier + 1 : 0;
      } else if (origins.size === 0 && parent === undefined) tier = 1;
    }
    if (depth === 0) tiers.set(address, tier);
    return tier;
  };
  for (const r of relays) resolve(r.address, 0);
  return tiers;
}

/** A uniform draw in (0, 1) from the seed and the relay address. */
function uniform(seed: string, address: string): number {
  const digest = createHash("sha256").update(`${seed}|${address}`).digest();
  return (digest.readUIntBE(0, 6) + 1) / (2 ** 48 + 2);
}

/** Each candidate's weight: its operator's stake split over the operator's keys, x performance. */
export function relayWeights(relays: readonly RelayCandidate[]): Map<string, number> {
  const keysPerOperator = new Map<string, number>();
  for (const r of relays) {
    const owner = r.operator ?? r.address;
    keysPerOperator.set(owner, (keysPerOperator.get(owner) ?? 0) + 1);
  }
  return new Map(
    relays.map((r) => {
      const stake = Math.max(0, r.stakeWeight ?? 1);
      const performance = Math.max(MIN_PERFORMANCE, Math.min(1, r.performance ?? 1));
      return [r.address, (stake / keysPerOperator.get(r.operator ?? r.address)!) * performance];
    }),
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
      r.address !== options.viewerAddress &&
      (r.operator === null || r.operator !== options.viewerAddress),
  );
  const weights = relayWeights(eligible);
  const key = (r: RelayCandidate) =>
    Math.log(uniform(options.seed, r.address)) / Math.max(weights.get(r.address)!, 1e-9);
  const draw = (group: RelayCandidate[]) =>
    group
      .map((r) => ({ r, k: key(r) }))
      .sort((a, b) => b.k - a.k || (a.r.address < b.r.address ? -1 : 1))
      .map(({ r }) => r);
  const known = (r: RelayCandidate) => (options.tiers.get(r.address) ?? 0) > 0;
  const serves = (r: RelayCandidate) => r.streams.includes(streamId);
  return [
    ...draw(eligible.filter((r) => known(r) && serves(r))),
    ...draw(eligible.filter((r) => known(r) && !serves(r))),
    ...draw(eligible.filter((r) => !known(r))),
  ].slice(0, options.limit);
}
