import assert from "node:assert/strict";
import { test } from "node:test";
import {
  TEST_DOMAIN as domain,
  TEST_STAKING_ADDRESS,
  signSegment,
  testOrigin as origin,
  testOther as other,
} from "../../../scripts/lib/test-fixtures.ts";
import type { SignedManifestEntry } from "../../src/api.ts";
import { relayStakingDomain } from "../../src/eip712.ts";
import { segmentHash } from "../../src/segment-hash.ts";
import {
  OriginSignatureVerifier,
  type ExpectedOrigin,
} from "../../src/viewer/origin-signature-verifier.ts";
import { SegmentVerificationError, verifySegment } from "../../src/viewer/verify-segment.ts";

const streamId = `0x${"11".repeat(32)}` as const;
const bytes = new TextEncoder().encode("segment bytes");

const signed = (signer = origin, data = bytes) =>
  signSegment(signer, { streamId, sequence: 3, durationMs: 1000 }, data);

const expected = { originAddress: origin.address, streamId, domain };

test("segmentHash is SHA-256 as 0x hex", async () => {
  assert.equal(
    await segmentHash(new TextEncoder().encode("abc")),
    "0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
});

test("accepts the origin's entry with matching bytes", async () => {
  await verifySegment(await signed(), bytes, expected);
});

const rejects = async (
  reason: string,
  entry: Promise<SignedManifestEntry>,
  data = bytes,
  exp: ExpectedOrigin = expected,
) =>
  assert.rejects(
    verifySegment(await entry, data, exp),
    (e: unknown) => e instanceof SegmentVerificationError && e.reason === reason,
  );

test("rejects altered bytes of the same size (hash)", async () => {
  const altered = Uint8Array.from(bytes);
  altered[0]! ^= 1;
  await rejects("hash", signed(), altered);
});

test("rejects truncated bytes (size)", () => rejects("size", signed(), bytes.subarray(1)));

test("rejects an entry signed by another key (signature)", () =>
  rejects("signature", signed(other)));

test("rejects an entry whose fields were changed after signing", async () => {
  const entry = await signed();
  await rejects("signature", Promise.resolve({ ...entry, durationMs: 999 }));
});

test("rejects an entry of another stream", () =>
  rejects("stream", signed(), bytes, { ...expected, streamId: `0x${"22".repeat(32)}` }));

test("with a verifier that learned the origin's key, the same entries pass and fail the same way", async () => {
  const verifier = new OriginSignatureVerifier();
  const learned = { ...expected, verifier };
  await verifySegment(await signed(), bytes, learned);
  const entry = await signed();
  const altered = Uint8Array.from(bytes);
  altered[0]! ^= 1;
  await rejects("hash", signed(), altered, learned);
  await rejects("size", signed(), bytes.subarray(1), learned);
  await rejects("signature", signed(other), bytes, learned);
  await rejects("signature", Promise.resolve({ ...entry, durationMs: 999 }), bytes, learned);
  await rejects("signature", Promise.resolve({ ...entry, sequence: 4 }), bytes, learned);
  await rejects("stream", signed(), bytes, { ...learned, streamId: `0x${"22".repeat(32)}` });
  await rejects("signature", signed(), bytes, {
    ...learned,
    domain: relayStakingDomain(1, TEST_STAKING_ADDRESS),
  });
  assert.deepEqual(verifier.counts, { fast: 6, recovered: 1 });
});

test("malformed signatures are refused (signature), before and after the key is learned", async () => {
  const entry = await signed();
  const v = entry.signature.slice(130);
  const malformed: `0x${string}`[] = [
    `0x${entry.signature.slice(2, 130)}${v === "1b" ? "1c" : "1b"}`,
    `0x${entry.signature.slice(2, 130)}1d`,
    `0x${"00".repeat(65)}`,
    `0x${"ff".repeat(65)}`,
    `0x${entry.signature.slice(2, 128)}`,
    "0x",
  ];
  const verifier = new OriginSignatureVerifier();
  for (const exp of [expected, { ...expected, verifier }]) {
    await verifySegment(entry, bytes, exp);
    for (const signature of malformed)
      await rejects("signature", Promise.resolve({ ...entry, signature }), bytes, exp);
  }
});

test("an entry signed for another origin address is refused (signature) by a learned verifier", async () => {
  const verifier = new OriginSignatureVerifier();
  await verifySegment(await signed(), bytes, { ...expected, verifier });
  await rejects("signature", signed(), bytes, {
    ...expected,
    originAddress: other.address,
    verifier,
  });
  await verifySegment(await signed(other), bytes, {
    ...expected,
    originAddress: other.address,
    verifier,
  });
});
