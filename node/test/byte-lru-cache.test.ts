import assert from "node:assert/strict";
import { test } from "node:test";
import { ByteLruCache } from "../src/hls/byte-lru-cache.ts";

const make = (maxBytes: number, evicted: string[] = []) =>
  new ByteLruCache<string, Buffer>({
    maxBytes,
    sizeOf: (b) => b.length,
    onEvict: (k) => evicted.push(k),
  });

test("evicts the least recently used entries past the byte bound", () => {
  const evicted: string[] = [];
  const cache = make(100, evicted);
  cache.set("a", Buffer.alloc(40));
  cache.set("b", Buffer.alloc(40));
  cache.get("a");
  cache.set("c", Buffer.alloc(40));
  assert.deepEqual(evicted, ["b"]);
  assert.equal(cache.bytes, 80);
  assert.ok(cache.has("a") && cache.has("c") && !cache.has("b"));
});

test("replacing a key updates the byte count; oversized values are refused", () => {
  const cache = make(100);
  cache.set("a", Buffer.alloc(60));
  cache.set("a", Buffer.alloc(10));
  assert.equal(cache.bytes, 10);
  assert.equal(cache.set("huge", Buffer.alloc(101)), false);
  assert.equal(cache.size, 1);
  assert.equal(cache.delete("a"), true);
  assert.equal(cache.bytes, 0);
});
