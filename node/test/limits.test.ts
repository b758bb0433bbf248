import assert from "node:assert/strict";
import { test } from "node:test";
import { clientKey } from "../src/limits/client-key.ts";
import { KeyedRateLimiter } from "../src/limits/keyed-rate-limiter.ts";
import { TokenBucket } from "../src/limits/token-bucket.ts";
import { TtlCache } from "../src/limits/ttl-cache.ts";

test("clientKey: IPv4 as is (also mapped), IPv6 by its /64", () => {
  assert.equal(clientKey("203.0.113.7"), "203.0.113.7");
  assert.equal(clientKey("::ffff:203.0.113.7"), "203.0.113.7");
  assert.equal(clientKey("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
  assert.equal(clientKey("2001:0db8:0001:0002:ffff:1:2:3"), "2001:db8:1:2::/64");
  assert.equal(clientKey("2001:db8::1"), "2001:db8:0:0::/64");
  assert.equal(clientKey("::1"), "0:0:0:0::/64");
  assert.equal(clientKey(undefined), "unknown");
});

test("TokenBucket: burst, then the refill rate", () => {
  let t = 0;
  const bucket = new TokenBucket({ ratePerSecond: 2, burst: 3, now: () => t });
  assert.deepEqual(
    [1, 2, 3, 4].map(() => bucket.take()),
    [true, true, true, false],
  );
  t = 499;
  assert.equal(bucket.take(), false);
  t = 500;
  assert.equal(bucket.take(), true);
  t = 100_000;
  assert.deepEqual(
    [1, 2, 3, 4].map(() => bucket.take()),
    [true, true, true, false],
  );
});

test("KeyedRateLimiter: one bucket per key, at most maxKeys held", () => {
  let t = 0;
  const limiter = new KeyedRateLimiter({ ratePerSecond: 1, burst: 2, maxKeys: 100, now: () => t });
  assert.deepEqual(
    [1, 2, 3].map(() => limiter.take("a")),
    [true, true, false],
  );
  assert.equal(limiter.take("b"), true);
  for (let i = 0; i < 10_000; i++) limiter.take(`k${i}`);
  assert.equal(limiter.size, 100);
  t = 1000;
  assert.equal(limiter.take("k9999"), true);
});

test("TtlCache: entries expire, at most maxEntries held", () => {
  let t = 0;
  const cache = new TtlCache<true>({ ttlMs: 100, maxEntries: 3, now: () => t });
  for (const k of ["a", "b", "c", "d"]) cache.set(k, true);
  assert.equal(cache.size, 3);
  assert.equal(cache.get("a"), undefined, "the oldest was dropped");
  assert.equal(cache.get("d"), true);
  t = 100;
  assert.equal(cache.get("d"), undefined, "expired");
});
