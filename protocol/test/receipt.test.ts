import { test } from "node:test";
import assert from "node:assert/strict";
import {
  base64urlDecode,
  base64urlEncode,
  createSessionKey,
  encodeReceipt,
  importSessionPublicKey,
  RECEIPT_DOMAIN,
  receipt,
  ReceiptEncodingError,
  signedReceipt,
  signReceipt,
  verifyReceipt,
  verifyReceiptWithKey,
  type Receipt,
} from "../src/receipt.ts";

const base: Receipt = {
  sessionId: "sess-1",
  relay: "0x00000000000000000000000000000000000000aa",
  streamId: `0x${"11".repeat(32)}`,
  bytes: 1_234_567,
  segments: 3,
  lastSequence: 42,
  timestamp: 1_764_000_000_000,
};

test("sign/verify round-trip with a fresh session key", async () => {
  const key = await createSessionKey();
  assert.match(key.publicKey, /^[A-Za-z0-9_-]{122}$/);
  const sig = await signReceipt(key.keyPair.privateKey, base);
  assert.match(sig, /^[A-Za-z0-9_-]{86}$/);
  assert.equal(await verifyReceipt(key.publicKey, base, sig), true);
  const imported = await importSessionPublicKey(key.publicKey);
  assert.equal(await verifyReceiptWithKey(imported, base, sig), true);
  assert.equal(signedReceipt.parse({ ...base, signature: sig }).signature, sig);
});

test("every tampered field fails verification", async () => {
  const key = await createSessionKey();
  const sig = await signReceipt(key.keyPair.privateKey, base);
  const tampered: Receipt[] = [
    { ...base, sessionId: "sess-2" },
    { ...base, relay: "0x00000000000000000000000000000000000000ab" },
    { ...base, streamId: `0x${"12".repeat(32)}` },
    { ...base, bytes: base.bytes + 1 },
    { ...base, segments: base.segments + 1 },
    { ...base, lastSequence: base.lastSequence + 1 },
    { ...base, timestamp: base.timestamp + 1 },
  ];
  for (const r of tampered)
    assert.equal(await verifyReceipt(key.publicKey, r, sig), false, JSON.stringify(r));
  const other = await createSessionKey();
  assert.equal(await verifyReceipt(other.publicKey, base, sig), false, "another session's key");
  const flipped = base64urlDecode(sig);
  flipped[10] = flipped[10]! ^ 1;
  assert.equal(await verifyReceipt(key.publicKey, base, base64urlEncode(flipped)), false);
});

test("garbage keys and signatures verify false instead of throwing", async () => {
  const key = await createSessionKey();
  const sig = await signReceipt(key.keyPair.privateKey, base);
  assert.equal(await verifyReceipt("not-a-key", base, sig), false);
  assert.equal(await verifyReceipt("", base, sig), false);
  assert.equal(await verifyReceipt(key.publicKey, base, ""), false);
  assert.equal(await verifyReceipt(key.publicKey, base, "!!!"), false);
  assert.equal(await verifyReceipt(key.publicKey, base, "A".repeat(86)), false);
  assert.equal(await verifyReceipt(key.publicKey, base, sig.slice(0, 40)), false);
  assert.equal(await verifyReceipt(key.publicKey, { ...base, bytes: -1 }, sig), false);
});

test("canonical encoding: domain prefix, fixed layout, case-insensitive hex", () => {
  const bytes = encodeReceipt(base);
  const prefix = new TextEncoder().encode(`${RECEIPT_DOMAIN}\0`);
  assert.deepEqual(bytes.subarray(0, prefix.length), prefix);
  assert.equal(bytes.length, prefix.length + 1 + base.sessionId.length + 20 + 32 + 32);
  assert.equal(bytes[prefix.length], base.sessionId.length);
  const view = new DataView(bytes.buffer);
  const tail = bytes.length - 32;
  assert.equal(view.getBigUint64(tail), BigInt(base.bytes));
  assert.equal(view.getBigUint64(tail + 8), BigInt(base.segments));
  assert.equal(view.getBigUint64(tail + 16), BigInt(base.lastSequence));
  assert.equal(view.getBigUint64(tail + 24), BigInt(base.timestamp));
  const big = encodeReceipt({ ...base, bytes: Number.MAX_SAFE_INTEGER });
  assert.equal(new DataView(big.buffer).getBigUint64(tail), BigInt(Number.MAX_SAFE_INTEGER));
  const upper = encodeReceipt({
    ...base,
    relay: base.relay.toUpperCase().replace("0X", "0x") as `0x${string}`,
  });
  assert.deepEqual(upper, bytes);
  // Session ids of different lengths cannot collide with relay bytes: the length is signed.
  assert.notDeepEqual(
    encodeReceipt({ ...base, sessionId: "a" }),
    encodeReceipt({ ...base, sessionId: "aa" }),
  );
});

test("encoding rejects values outside the format", () => {
  assert.throws(() => encodeReceipt({ ...base, sessionId: "" }), ReceiptEncodingError);
  assert.throws(() => encodeReceipt({ ...base, sessionId: "x".repeat(129) }), ReceiptEncodingError);
  assert.throws(() => encodeReceipt({ ...base, bytes: 1.5 }), ReceiptEncodingError);
  assert.throws(() => encodeReceipt({ ...base, relay: "0x1234" }), ReceiptEncodingError);
  assert.throws(
    () => encodeReceipt({ ...base, streamId: `0x${"zz".repeat(32)}` }),
    ReceiptEncodingError,
  );
});

test("schema: strict, lowercases hex, rejects garbage", () => {
  const parsed = receipt.parse({ ...base, relay: "0x00000000000000000000000000000000000000AA" });
  assert.equal(parsed.relay, base.relay);
  for (const bad of [
    null,
    "receipt",
    {},
    { ...base, extra: 1 },
    { ...base, bytes: -1 },
    { ...base, bytes: "1" },
    { ...base, segments: 1.5 },
    { ...base, timestamp: Number.MAX_SAFE_INTEGER + 2 },
    { ...base, sessionId: "has space" },
    { ...base, relay: "0x12" },
  ]) {
    assert.equal(receipt.safeParse(bad).success, false, JSON.stringify(bad));
  }
  assert.equal(signedReceipt.safeParse({ ...base, signature: "short" }).success, false);
});

test("base64url round-trips every byte value", () => {
  const all = new Uint8Array(256).map((_, i) => i);
  for (let n = 0; n <= 5; n++)
    assert.deepEqual(base64urlDecode(base64urlEncode(all.subarray(0, n))), all.subarray(0, n));
  assert.deepEqual(base64urlDecode(base64urlEncode(all)), all);
  assert.throws(() => base64urlDecode("a+b/"), ReceiptEncodingError);
  assert.throws(() => base64urlDecode("abcde"), ReceiptEncodingError);
});
