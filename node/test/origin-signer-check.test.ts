/** The relay's on-chain origin signer check: verdicts, caching and re-reading on rotation. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { OriginSignerCheck } from "../src/relay/origin-signer-check.ts";

const STREAM = `0x${"11".repeat(32)}` as const;
const ORIGIN = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const OTHER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

/** A stream's signer history as RelayStaking keeps it: [fromSequence, signer], ascending. */
function chain(history: [number, `0x${string}`][]) {
  const calls: number[] = [];
  let fail = false;
  return {
    calls,
    setFailing: (value: boolean) => (fail = value),
    rotate: (from: number, signer: `0x${string}`) => history.push([from, signer]),
    read: async (_streamId: `0x${string}`, sequence: number): Promise<`0x${string}`> => {
      calls.push(sequence);
      if (fail) throw new Error("connection refused");
      const last = history.filter(([from]) => from <= sequence).at(-1);
      return last?.[1] ?? "0x0000000000000000000000000000000000000000";
    },
  };
}

test("the coordinator's origin key confirmed on-chain is accepted, case-insensitively", async () => {
  const c = chain([[0, ORIGIN]]);
  const check = new OriginSignerCheck({ read: c.read, now: () => 0, maxAgeMs: 1000 });
  assert.deepEqual(await check.check(STREAM, 0, ORIGIN.toLowerCase() as `0x${string}`), {
    ok: true,
  });
});

test("another on-chain signer is a mismatch; none is an unregistered stream", async () => {
  const squatted = new OriginSignerCheck({
    read: chain([[0, OTHER]]).read,
    now: () => 0,
    maxAgeMs: 1000,
  });
  assert.deepEqual(await squatted.check(STREAM, 5, ORIGIN), {
    ok: false,
    reason: "origin-signer-mismatch",
    onChain: OTHER,
  });
  const unregistered = new OriginSignerCheck({
    read: chain([]).read,
    now: () => 0,
    maxAgeMs: 1000,
  });
  assert.deepEqual(await unregistered.check(STREAM, 5, ORIGIN), {
    ok: false,
    reason: "stream-not-registered",
  });
});

test("answers are cached for later sequences until they are maxAgeMs old", async () => {
  let now = 0;
  const c = chain([[0, ORIGIN]]);
  const check = new OriginSignerCheck({ read: c.read, now: () => now, maxAgeMs: 1000 });
  for (let s = 0; s < 10; s++) assert.equal((await check.check(STREAM, s, ORIGIN)).ok, true);
  assert.deepEqual(c.calls, [0]);
  await check.check(STREAM, 3, ORIGIN);
  assert.deepEqual(c.calls, [0], "a sequence at or after the read is covered");
  now = 1000;
  await check.check(STREAM, 11, ORIGIN);
  assert.deepEqual(c.calls, [0, 11], "an old answer is read again");
});

test("a rotation is seen once the cached answer expires: later sequences are refused", async () => {
  let now = 0;
  const c = chain([[0, ORIGIN]]);
  const check = new OriginSignerCheck({ read: c.read, now: () => now, maxAgeMs: 1000 });
  assert.equal((await check.check(STREAM, 10, ORIGIN)).ok, true);
  c.rotate(20, OTHER);
  now = 1000;
  assert.equal((await check.check(STREAM, 15, ORIGIN)).ok, true, "before the rotation");
  now = 2000;
  assert.equal((await check.check(STREAM, 20, ORIGIN)).ok, false, "from the rotation on");
  assert.equal((await check.check(STREAM, 12, ORIGIN)).ok, true, "an earlier sequence is read");
});

test("a chain error refuses and is not cached", async () => {
  const c = chain([[0, ORIGIN]]);
  const check = new OriginSignerCheck({ read: c.read, now: () => 0, maxAgeMs: 1000 });
  c.setFailing(true);
  const refused = await check.check(STREAM, 0, ORIGIN);
  assert.equal(refused.ok, false);
  assert.equal(!refused.ok && refused.reason, "chain-unreachable");
  c.setFailing(false);
  assert.equal((await check.check(STREAM, 0, ORIGIN)).ok, true);
  assert.equal(c.calls.length, 2);
});
