import { test } from "node:test";
import assert from "node:assert/strict";
import { createSessionKey, signReceipt, verifyReceipt } from "@streamrp2p/protocol/receipt";
import { generateKeyPairSync } from "node:crypto";
import { createReceiptVerifier } from "../../src/core/receipt-verifier.ts";
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
