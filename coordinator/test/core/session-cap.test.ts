import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { capAllows, retryAfterSeconds, viewerKey } from "../../src/core/session-cap.ts";

describe("session cap", () => {
  it("keys a viewer by wallet (case-insensitive), else by network address", () => {
    assert.equal(viewerKey("0xABc", "1.2.3.4"), "addr:0xabc");
    assert.equal(viewerKey(undefined, "1.2.3.4"), "ip:1.2.3.4");
  });

  it("allows a session while fewer than `cap` are open; expired ones do not count", () => {
    assert.equal(capAllows([], 100, 1), true);
    assert.equal(capAllows([200], 100, 1), false);
    assert.equal(capAllows([200, 50], 100, 2), true);
    assert.equal(capAllows([100], 100, 1), true, "a session expiring now is closed");
  });

  it("says when the next place frees up, at least one second", () => {
    assert.equal(retryAfterSeconds(10_500, 1_000), 10);
    assert.equal(retryAfterSeconds(1_000, 1_000), 1);
  });
});
