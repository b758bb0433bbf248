import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { secp256k1 } from "@noble/curves/secp256k1";
import { recoverAddress, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount, sign } from "viem/accounts";
import { OriginSignatureVerifier } from "../../src/viewer/origin-signature-verifier.ts";

const N = secp256k1.Point.Fn.ORDER;
const hex32 = (n: bigint) => n.toString(16).padStart(64, "0");
const randomDigest = (): Hex => `0x${randomBytes(32).toString("hex")}`;

/** Today's check: viem recovers the signer and compares addresses; an error refuses. */
async function recovers(digest: Hex, signature: string, address: string): Promise<boolean> {
  try {
    const signer = await recoverAddress({ hash: digest, signature: signature as Hex });
    return signer.toLowerCase() === address.toLowerCase();
  } catch {
    return false;
  }
}

/** The signature with (r, s, v) rewritten; v as the last byte. */
function withParts(signature: Hex, change: { r?: bigint; s?: bigint; v?: number }): string {
  const r = change.r ?? BigInt(`0x${signature.slice(2, 66)}`);
  const s = change.s ?? BigInt(`0x${signature.slice(66, 130)}`);
  const v = change.v ?? Number.parseInt(signature.slice(130), 16);
  return `0x${hex32(r)}${hex32(s)}${v.toString(16).padStart(2, "0")}`;
}

/** Valid, malleated, corrupted and foreign variants of `signature` (the signer's, over `digest`). */
function variants(signature: Hex, foreign: Hex): string[] {
  const r = BigInt(`0x${signature.slice(2, 66)}`);
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = Number.parseInt(signature.slice(130), 16);
  const other = v === 27 ? 28 : 27;
  const flipped = Buffer.from(signature.slice(2), "hex");
  flipped[Math.floor(Math.random() * 64)]! ^= 1 << Math.floor(Math.random() * 8);
  return [
    signature,
    withParts(signature, { v: v - 27 }), // yParity form
    withParts(signature, { v: other }), // wrong recovery bit
    withParts(signature, { v: other - 27 }),
    withParts(signature, { s: N - s, v: other }), // the high-s twin
    withParts(signature, { s: N - s }), // high s, same bit
    withParts(signature, { v: 29 }),
    withParts(signature, { v: 0xff }),
    withParts(signature, { r: 0n }),
    withParts(signature, { s: 0n }),
    withParts(signature, { r: N }),
    withParts(signature, { s: N }),
    withParts(signature, { r: N - r }),
    `0x${flipped.toString("hex")}`,
    `0x${randomBytes(65).toString("hex")}`,
    `0x${"00".repeat(65)}`,
    signature.slice(0, 130),
    `${signature}00`,
    `${signature.slice(0, 129)}g`,
    "0x",
    foreign,
  ];
}

test("agrees with viem's recovery on many keys, digests and altered signatures", async () => {
  const outcomes = { accepted: 0, refused: 0 };
  for (let k = 0; k < 12; k++) {
    const key = generatePrivateKey();
    const { address } = privateKeyToAccount(key);
    const stranger = generatePrivateKey();
    const verifier = new OriginSignatureVerifier();
    for (let m = 0; m < 6; m++) {
      const digest = randomDigest();
      const signature = await sign({ hash: digest, privateKey: key, to: "hex" });
      const foreign = await sign({ hash: digest, privateKey: stranger, to: "hex" });
      const elsewhere = await sign({ hash: randomDigest(), privateKey: key, to: "hex" });
      for (const candidate of [...variants(signature, foreign), elsewhere]) {
        const expected = await recovers(digest, candidate, address);
        const verdict = await verifier.verify(digest, candidate, address);
        assert.equal(verdict.ok, expected, `key ${k}, digest ${digest}, signature ${candidate}`);
        outcomes[expected ? "accepted" : "refused"]++;
      }
    }
    assert.equal(verifier.counts.recovered, 1, "the key is learned from the first signature");
    assert.ok(verifier.counts.fast > 0);
  }
  // Per digest: the signature, its yParity form and its high-s twin; the rest are refused.
  assert.deepEqual(outcomes, { accepted: 12 * 6 * 3, refused: 12 * 6 * 19 });
});

test("the high-s twin of a valid signature passes, as it does with recovery", async () => {
  const key = generatePrivateKey();
  const { address } = privateKeyToAccount(key);
  const verifier = new OriginSignatureVerifier();
  const digest = randomDigest();
  const signature = await sign({ hash: digest, privateKey: key, to: "hex" });
  assert.ok((await verifier.verify(digest, signature, address)).ok);
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = Number.parseInt(signature.slice(130), 16);
  const twin = withParts(signature, { s: N - s, v: v === 27 ? 28 : 27 });
  assert.ok(await recovers(digest, twin, address));
  assert.deepEqual(await verifier.verify(digest, twin, address), { ok: true });
  assert.equal(verifier.counts.fast, 1);
});

test("a signature by another key is refused once the key is learned, not recovered", async () => {
  const key = generatePrivateKey();
  const { address } = privateKeyToAccount(key);
  const verifier = new OriginSignatureVerifier();
  const digest = randomDigest();
  await verifier.verify(digest, await sign({ hash: digest, privateKey: key, to: "hex" }), address);
  const foreign = await sign({ hash: digest, privateKey: generatePrivateKey(), to: "hex" });
  assert.deepEqual(await verifier.verify(digest, foreign, address), { ok: false });
  assert.deepEqual(verifier.counts, { fast: 1, recovered: 1 });
});

test("before a key is learned a refusal names the signer or the recovery error", async () => {
  const key = generatePrivateKey();
  const stranger = privateKeyToAccount(generatePrivateKey());
  const verifier = new OriginSignatureVerifier();
  const digest = randomDigest();
  const signature = await sign({ hash: digest, privateKey: key, to: "hex" });
  assert.deepEqual(await verifier.verify(digest, signature, stranger.address), {
    ok: false,
    signer: privateKeyToAccount(key).address,
  });
  const garbage = await verifier.verify(digest, withParts(signature, { v: 29 }), stranger.address);
  assert.equal(garbage.ok, false);
  assert.ok(!garbage.ok && garbage.error !== undefined);
});

test("a new origin address is learned again; the old key no longer passes", async () => {
  const first = generatePrivateKey();
  const second = generatePrivateKey();
  const verifier = new OriginSignatureVerifier();
  const digest = randomDigest();
  const byFirst = await sign({ hash: digest, privateKey: first, to: "hex" });
  const bySecond = await sign({ hash: digest, privateKey: second, to: "hex" });
  const firstAddress = privateKeyToAccount(first).address;
  const secondAddress = privateKeyToAccount(second).address;
  assert.ok((await verifier.verify(digest, byFirst, firstAddress)).ok);
  assert.ok((await verifier.verify(digest, bySecond, secondAddress)).ok);
  assert.equal(verifier.counts.recovered, 2);
  assert.equal((await verifier.verify(digest, byFirst, secondAddress)).ok, false);
  assert.ok((await verifier.verify(digest, bySecond, secondAddress.toLowerCase() as Hex)).ok);
  assert.deepEqual(verifier.counts, { fast: 2, recovered: 2 });
});
