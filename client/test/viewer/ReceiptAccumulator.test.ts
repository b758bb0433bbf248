import assert from "node:assert/strict";
import { test } from "node:test";
import { ReceiptAccumulator } from "../../src/viewer/ReceiptAccumulator.ts";

const streamId = `0x${"ab".repeat(32)}` as const;
const relayA = `0x${"AA".repeat(20)}` as const;
const relayB = `0x${"bb".repeat(20)}` as const;

test("counts bytes, segments and the last sequence per relay, cumulatively", () => {
  const acc = new ReceiptAccumulator("s1", streamId);
  acc.record(relayA, "http://a", 100, 7);
  acc.record(relayA, "http://a", 50, 8);
  acc.record(relayB, "http://b", 30, 9);
  const due = acc.due(1000);
  assert.equal(due.length, 2);
  assert.deepEqual(due[0], {
    url: "http://a",
    receipt: {
      sessionId: "s1",
      relay: relayA.toLowerCase(),
      streamId,
      bytes: 150,
      segments: 2,
      lastSequence: 8,
      timestamp: 1000,
    },
  });
  assert.equal(due[1]!.receipt.bytes, 30);
});

test("an accepted receipt makes its relay clean until more bytes arrive", () => {
  const acc = new ReceiptAccumulator("s1", streamId);
  acc.record(relayA, "http://a", 100, 1);
  const [first] = acc.due(1);
  acc.accepted(first!.receipt);
  assert.deepEqual(acc.due(2), []);
  acc.record(relayA, "http://a", 100, 2);
  const [second] = acc.due(3);
  assert.equal(second!.receipt.bytes, 200);
  assert.equal(second!.receipt.segments, 2);
});

test("a receipt accepted after more bytes arrived leaves the relay due", () => {
  const acc = new ReceiptAccumulator("s1", streamId);
  acc.record(relayA, "http://a", 100, 1);
  const [cut] = acc.due(1);
  acc.record(relayA, "http://a", 100, 2);
  acc.accepted(cut!.receipt);
  assert.equal(acc.due(2)[0]!.receipt.bytes, 200);
});

test("after failover the old relay keeps its last counts and gets no new bytes", () => {
  const acc = new ReceiptAccumulator("s1", streamId);
  acc.record(relayA, "http://a", 100, 1);
  for (const d of acc.due(1)) acc.accepted(d.receipt);
  acc.record(relayB, "http://b", 100, 2);
  acc.record(relayB, "http://b", 100, 3);
  const due = acc.due(2);
  assert.deepEqual(
    due.map((d) => [d.receipt.relay, d.receipt.bytes]),
    [[relayB, 200]],
  );
  const tally = acc.tally();
  assert.deepEqual(
    tally.map((t) => [t.relay, t.bytes, t.segments]),
    [
      [relayA.toLowerCase(), 100, 1],
      [relayB, 200, 2],
    ],
  );
});

test("a failed post leaves the receipt due for the next tick", () => {
  const acc = new ReceiptAccumulator("s1", streamId);
  acc.record(relayA, "http://a", 100, 1);
  acc.due(1);
  const again = acc.due(2);
  assert.equal(again.length, 1);
  assert.equal(again[0]!.receipt.timestamp, 2);
});
