import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  isLive,
  rankRelays,
  relayTiers,
  relayWeights,
  type RelayCandidate,
} from "../../src/core/relay-order.ts";

const STREAM = `0x${"ab".repeat(32)}`;
const NOW = 1_000_000;
const ORIGIN = "http://origin:8000";

function relay(address: string, overrides: Partial<RelayCandidate> = {}): RelayCandidate {
  return {
    address,
    url: `http://${address}:9000`,
    upstream: ORIGIN,
    load: 0,
    streams: [STREAM],
    lastSeen: NOW,
    staked: true,
    operator: address,
    ...overrides,
  };
}

const base = { streamId: STREAM, now: NOW, liveMs: 15_000, requireStake: true, limit: 10 };
function order(relays: RelayCandidate[], extra: Record<string, unknown> = {}, seed = "s") {
  const tiers = relayTiers(relays, [ORIGIN]);
  return rankRelays(relays, { ...base, seed, tiers, ...extra }).map((r) => r.address);
}

/** How often each relay comes first over `n` seeds. */
function firstShares(relays: RelayCandidate[], n = 4000): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const first = order(relays, { limit: 1 }, `session-${i}`)[0]!;
    counts.set(first, (counts.get(first) ?? 0) + 1);
  }
  return new Map([...counts].map(([k, v]) => [k, v / n]));
}

describe("relayTiers", () => {
  it("derives tiers from the real upstream: origin 1, a relay's URL its tier + 1, else 0", () => {
    const relays = [
      relay("a"),
      relay("b", { upstream: "http://a:9000/" }),
      relay("c", { upstream: "http://b:9000" }),
      relay("liar", { upstream: "http://elsewhere:1" }),
      relay("self", { url: "http://self:1", upstream: "http://self:1" }),
      relay("x", { url: "http://x:1", upstream: "http://y:1" }),
      relay("y", { url: "http://y:1", upstream: "http://x:1" }),
    ];
    const tiers = relayTiers(relays, [ORIGIN]);
    assert.deepEqual(Object.fromEntries(tiers), {
      a: 1,
      b: 2,
      c: 3,
      liar: 0,
      self: 0,
      x: 0,
      y: 0,
    });
  });

  it("without configured origins, an upstream that is no relay's URL counts as the origin", () => {
    const tiers = relayTiers(
      [relay("a", { upstream: "http://anything:1" }), relay("b", { upstream: "http://a:9000" })],
      [],
    );
    assert.deepEqual(Object.fromEntries(tiers), { a: 1, b: 2 });
  });
});

describe("rankRelays", () => {
  it("ignores self-reported tier and load: a relay reporting load 0 gets its fair share", () => {
    const relays = [
      relay("a", { load: 0.9 }),
      relay("b", { load: 0.9 }),
      relay("c", { load: 0.9 }),
      relay("liar", { load: 0 }),
    ];
    for (const [address, share] of firstShares(relays)) {
      assert.ok(Math.abs(share - 0.25) < 0.04, `${address}: ${share}`);
    }
  });

  it("splits an operator's share over its relay keys and weights by measured performance", () => {
    const sybils = Array.from({ length: 6 }, (_, i) => relay(`sybil${i}`, { operator: "op" }));
    const relays = [relay("honest"), ...sybils];
    const shares = firstShares(relays);
    assert.ok(Math.abs(shares.get("honest")! - 0.5) < 0.04, `honest: ${shares.get("honest")}`);
    const weights = relayWeights([
      relay("good", { performance: 1 }),
      relay("bad", { performance: 0 }),
    ]);
    assert.equal(weights.get("good"), 1);
    assert.equal(weights.get("bad"), 0.05, "a floor keeps a relay reachable");
  });

  it("is reproducible for a seed and differs between seeds", () => {
    const relays = ["a", "b", "c", "d", "e"].map((a) => relay(a));
    assert.deepEqual(order(relays, {}, "x"), order(relays, {}, "x"));
    const orders = new Set(Array.from({ length: 20 }, (_, i) => order(relays, {}, `${i}`).join()));
    assert.ok(orders.size > 5);
  });

  it("puts serving relays first, then relays that can pull it, then unknown upstreams", () => {
    const relays = [
      relay("unknown", { upstream: "http://nowhere:1" }),
      relay("idle", { streams: [] }),
      relay("serving"),
    ];
    assert.deepEqual(order(relays), ["serving", "idle", "unknown"]);
  });

  it("drops stale, unstaked, saturated relays and the viewer's own (relay key or operator)", () => {
    const relays = [
      relay("stale", { lastSeen: NOW - 15_001 }),
      relay("edge", { lastSeen: NOW - 15_000 }),
      relay("unstaked", { staked: false }),
      relay("full", { load: 1 }),
      relay("0xviewer"),
      relay("hot", { operator: "0xviewer" }),
    ];
    assert.deepEqual(order(relays, { viewerAddress: "0xviewer" }), ["edge"]);
    assert.deepEqual(order(relays, { requireStake: false, viewerAddress: "0xviewer" }).sort(), [
      "edge",
      "unstaked",
    ]);
  });

  it("matches the stream id case-insensitively and honours the limit", () => {
    const relays = [relay("a"), relay("b"), relay("c")];
    assert.equal(
      order(relays, { streamId: STREAM.toUpperCase().replace("0X", "0x"), limit: 2 }).length,
      2,
    );
    assert.deepEqual(order([]), []);
  });

  it("isLive is inclusive of the window edge", () => {
    assert.equal(isLive(NOW - 100, NOW, 100), true);
    assert.equal(isLive(NOW - 101, NOW, 100), false);
  });
});
