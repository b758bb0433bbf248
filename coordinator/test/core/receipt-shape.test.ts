/**
 * The consumer's fast receipt check must agree with the protocol's schema: whatever it
 * accepts, `signedReceipt` accepts unchanged; whatever it refuses goes to zod, so only
 * accepting something zod would refuse (or change) could alter a decision.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { signedReceipt } from "@streamrp2p/protocol/receipt";
import { isCanonicalSignedReceipt } from "../../src/core/receipt-shape.ts";

const valid = {
  sessionId: "s-1.a:b_C",
  relay: `0x${"ab".repeat(20)}`,
  streamId: `0x${"cd".repeat(32)}`,
  bytes: 100_000,
  segments: 1,
  lastSequence: 10,
  timestamp: 1_800_000_000_000,
  signature: "A".repeat(85) + "_",
};

const odd: unknown[] = [
  undefined,
  null,
  true,
  0,
  -0,
  -1,
  1.5,
  2 ** 53,
  Number.MAX_SAFE_INTEGER,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  "",
  "1",
  "x".repeat(129),
  "x".repeat(128),
  `0x${"AB".repeat(20)}`,
  `0x${"ab".repeat(20)}`,
  `0x${"CD".repeat(32)}`,
  `0x${"cd".repeat(32)}`,
  `0x${"cd".repeat(32)}\n`,
  "A".repeat(86),
  "A".repeat(87),
  "A".repeat(85) + "=",
  "s 1",
  [],
  {},
  123n,
];

test("accepts a well-formed lowercase receipt, as the schema does, unchanged", () => {
  assert.equal(isCanonicalSignedReceipt(valid), true);
  assert.deepEqual(signedReceipt.parse(valid), valid);
});

test("agrees with signedReceipt on every field given odd values, extra and missing fields", () => {
  const cases: unknown[] = [null, [], "receipt", 1, Object.create(null), { ...valid, extra: 1 }];
  for (const field of Object.keys(valid)) {
    const { [field]: _dropped, ...missing } = valid as Record<string, unknown>;
    cases.push(missing);
    cases.push({ ...missing, other: valid[field as keyof typeof valid] });
    for (const value of odd) cases.push({ ...valid, [field]: value });
  }
  cases.push(JSON.parse(`{"__proto__": 1, ${JSON.stringify(valid).slice(1)}`));
  cases.push(Object.assign(Object.create({ inherited: 1 }), valid));
  for (const input of cases) {
    const zod = signedReceipt.safeParse(input);
    if (isCanonicalSignedReceipt(input)) {
      assert.ok(
        zod.success,
        `fast path accepted what zod refuses: ${String(JSON.stringify(input))}`,
      );
      assert.deepEqual(zod.data, { ...input });
    }
  }
  assert.equal(
    cases.filter((input) => isCanonicalSignedReceipt(input)).length > 10,
    true,
    "the cases should include receipts the fast path accepts",
  );
});
