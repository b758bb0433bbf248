import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isLive, rankRelays, type RelayCandidate } from "../../src/core/relay-order.ts";

const STREAM = `0x${"ab".repeat(32)}`;
const NOW = 1_000_000;

function relay(address: string, overrides: Partial<RelayCandidate> = {}): RelayCandidate {
  return {
    address,
    url: `http://${address}`,
    tier: 1,
    load: 0,
    viewers: 0,
    streams: [STREAM],
    lastSeen: NOW,
    staked: true,
    ...overrides,
  };
}

const options = { streamId: STREAM, now: NOW, liveMs: 15_000, requireStake: true, limit: 10 };
const order = (relays: RelayCandidate[], extra = {}) =>
  rankRelays(relays, { ...options, ...extra }).map((r) => r.address);

describe("rankRelays", () => {
  it("orders by tier descending, then load ascending, then viewers, then address", () => {
    const relays = [
      relay("a", { tier: 1, load: 0 }),
      relay("b", { tier: 2, load: 0.5 }),
      relay("c", { tier: 2, load: 0.1 }),
      relay("e", { tier: 2, load: 0.1, viewers: 3 }),
      relay("d", { tier: 2, load: 0.1, viewers: 3 }),
    ];
    assert.deepEqual(order(relays), ["c", "d", "e", "b", "a"]);
  });

  it("puts relays serving the stream before relays that could pull it", () => {
    const relays = [relay("idle", { tier: 3, streams: [] }), relay("serving", { tier: 1 })];
    assert.deepEqual(order(relays), ["serving", "idle"]);
  });

  it("drops stale, unstaked, saturated relays and the viewer's own", () => {
    const relays = [
      relay("stale", { lastSeen: NOW - 15_001 }),
      relay("edge", { lastSeen: NOW - 15_000 }),
      relay("unstaked", { staked: false }),
      relay("full", { load: 1 }),
      relay("0xviewer"),
    ];
    assert.deepEqual(order(relays, { viewerAddress: "0xviewer" }), ["edge"]);
    assert.deepEqual(order(relays, { requireStake: false, viewerAddress: "0xviewer" }), [
      "edge",
      "unstaked",
    ]);
  });

  it("matches the stream id case-insensitively and honours the limit", () => {
    const relays = [relay("a"), relay("b"), relay("c")];
    assert.deepEqual(
      order(relays, { streamId: STREAM.toUpperCase().replace("0X", "0x"), limit: 2 }),
      ["a", "b"],
    );
    assert.deepEqual(order([]), []);
  });

  it("isLive is inclusive of the window edge", () => {
    assert.equal(isLive(NOW - 100, NOW, 100), true);
    assert.equal(isLive(NOW - 101, NOW, 100), false);
  });
});
