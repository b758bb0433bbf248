import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  capAllows,
  networkPrefix,
  retryAfterSeconds,
  viewerKey,
} from "../../src/core/session-cap.ts";

const DEFAULT = { v4: 24, v6: 64 };

describe("session cap", () => {
  it("keys a viewer by its network prefix: /24 for IPv4, /64 for IPv6", () => {
    assert.equal(viewerKey("1.2.3.4", DEFAULT), "net:1.2.3.0/24");
    assert.equal(networkPrefix("198.51.100.255", DEFAULT), "198.51.100.0/24");
    assert.equal(networkPrefix("::ffff:198.51.100.7", DEFAULT), "198.51.100.0/24");
    assert.equal(networkPrefix("2001:db8:1:2::17", DEFAULT), "2001:db8:1:2:0:0:0:0/64");
    assert.equal(
      networkPrefix("2001:DB8:1:2:ffff:ffff:ffff:ffff", DEFAULT),
      "2001:db8:1:2:0:0:0:0/64",
    );
    assert.equal(networkPrefix("fe80::1%eth0", DEFAULT), "fe80:0:0:0:0:0:0:0/64");
    assert.equal(networkPrefix("::1", DEFAULT), "0:0:0:0:0:0:0:0/64");
    assert.equal(networkPrefix("64:ff9b::198.51.100.7", DEFAULT), "64:ff9b:0:0:0:0:0:0/64");
    assert.equal(networkPrefix("unknown", DEFAULT), "unknown");
  });

  it("takes configurable prefix lengths, including ones inside a group", () => {
    const lengths = { v4: 16, v6: 56 };
    assert.equal(networkPrefix("10.20.30.40", lengths), "10.20.0.0/16");
    assert.equal(networkPrefix("10.20.30.40", { v4: 32, v6: 128 }), "10.20.30.40/32");
    assert.equal(networkPrefix("2001:db8:1:2ff::1", lengths), "2001:db8:1:200:0:0:0:0/56");
    assert.equal(networkPrefix("2001:db8::1", { v4: 24, v6: 128 }), "2001:db8:0:0:0:0:0:1/128");
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
