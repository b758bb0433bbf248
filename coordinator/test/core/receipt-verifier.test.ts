import { test } from "node:test";
import assert from "node:assert/strict";
import { createSessionKey, signReceipt, verifyReceipt } from "@streamrp2p/protocol/receipt";
import { generateKeyPairSync, sign, verify } from "node:crypto";
import { createReceiptVerifier, p1363ToDer } from "../../src/core/receipt-verifier.ts";
import { receipt } from "./fixtures.ts";

test("node:crypto verifier accepts WebCrypto signatures and agrees with verifyReceipt", async () => {
  const key = await createSessionKey();
  const r = receipt();
  const sig = await signReceipt(key.keyPair.privateKey, r);
  const verifier = createReceiptVerifier();
  assert.equal(verifier.verify(key.publicKey, r, sig), true);
  assert.equal(verifier.verify(key.publicKey, r, sig), true, "cached key");
  assert.equal(verifier.cachedKeys, 1);
  const tampered = { ...r, bytes: r.bytes + 1 };
  assert.equal(verifier.verify(key.publicKey, tampered, sig), false);
  assert.equal(await verifyReceipt(key.publicKey, tampered, sig), false);
});

test("garbage keys, other curves and garbage signatures verify false", async () => {
  const key = await createSessionKey();
  const r = receipt();
  const sig = await signReceipt(key.keyPair.privateKey, r);
  const verifier = createReceiptVerifier();
  const secp256k1 = generateKeyPairSync("ec", { namedCurve: "secp256k1" })
    .publicKey.export({ format: "der", type: "spki" })
    .toString("base64url");
  for (const badKey of ["", "garbage", "A".repeat(122), secp256k1])
    assert.equal(verifier.verify(badKey, r, sig), false, badKey);
  for (const badSig of [
    "",
    "x",
    "A".repeat(86),
    `${sig}A`,
    sig.replace(/^./, "+"),
    null as never,
  ]) {
    assert.equal(verifier.verify(key.publicKey, r, badSig), false, String(badSig));
  }
  assert.equal(
    verifier.verify(key.publicKey, { ...r, sessionId: "" }, sig),
    false,
    "unencodable receipt",
  );
});

test("key cache is bounded", async () => {
  const verifier = createReceiptVerifier({ maxCachedKeys: 2 });
  const r = receipt();
  for (let i = 0; i < 4; i++) {
    const key = await createSessionKey();
    assert.equal(
      verifier.verify(key.publicKey, r, await signReceipt(key.keyPair.privateKey, r)),
      true,
    );
  }
  assert.equal(verifier.cachedKeys, 2);
});

test("verifyMany: thread-pool verification, results in input order", async () => {
  const key = await createSessionKey();
  const r = receipt();
  const sig = await signReceipt(key.keyPair.privateKey, r);
  const verifier = createReceiptVerifier();
  const results = await verifier.verifyMany([
    { publicKey: key.publicKey, receipt: r, signature: sig },
    { publicKey: key.publicKey, receipt: { ...r, bytes: 1 }, signature: sig },
    { publicKey: "garbage", receipt: r, signature: sig },
    { publicKey: key.publicKey, receipt: r, signature: "short" },
    { publicKey: key.publicKey, receipt: r, signature: sig },
  ]);
  assert.deepEqual(results, [true, false, false, false, true]);
  assert.deepEqual(await verifier.verifyMany([]), []);
});

test("p1363ToDer gives the DER signature node:crypto verifies, minimal integers padded before a high bit", () => {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  for (let i = 0; i < 200; i++) {
    const data = Buffer.from(`message ${i}`);
    const p1363 = sign("sha256", data, { key: privateKey, dsaEncoding: "ieee-p1363" });
    assert.equal(verify("sha256", data, publicKey, p1363ToDer(p1363)), true, String(i));
  }
  const r = Buffer.alloc(32);
  r[2] = 0x80; // two leading zero bytes, then a high bit: 00 80 ... (31 bytes)
  const s = Buffer.alloc(32, 0x01);
  const der = p1363ToDer(Buffer.concat([r, s]));
  assert.deepEqual([...der.subarray(0, 5)], [0x30, 2 + 31 + 2 + 32, 0x02, 31, 0x00]);
  assert.equal(der[5], 0x80);
  assert.deepEqual([...p1363ToDer(Buffer.alloc(64)).subarray(0, 6)], [0x30, 6, 0x02, 1, 0, 0x02]);
});
