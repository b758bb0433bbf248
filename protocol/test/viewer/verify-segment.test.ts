import assert from "node:assert/strict";
import { test } from "node:test";
import { privateKeyToAccount } from "viem/accounts";
import type { SignedManifestEntry } from "../../src/api.ts";
import { manifestEntryTypes, relayStakingDomain } from "../../src/eip712.ts";
import { segmentHash } from "../../src/segment-hash.ts";
import { toManifestEntry } from "../../src/viewer/manifest-entry.ts";
import { SegmentVerificationError, verifySegment } from "../../src/viewer/verify-segment.ts";

const origin = privateKeyToAccount(
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
);
const other = privateKeyToAccount(
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
);
const domain = relayStakingDomain(31337, "0x5FbDB2315678afecb367f032d93F642f64180aa3");
const streamId = `0x${"11".repeat(32)}` as const;
const bytes = new TextEncoder().encode("segment bytes");

async function signed(signer = origin, data = bytes): Promise<SignedManifestEntry> {
  const entry = {
    streamId,
    sequence: 3,
    size: data.length,
    durationMs: 1000,
    hash: await segmentHash(data),
  };
  const signature = await signer.signTypedData({
    domain,
    types: manifestEntryTypes,
    primaryType: "ManifestEntry",
    message: toManifestEntry({ ...entry, signature: "0x" }),
  });
  return { ...entry, signature };
}

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
  exp = expected,
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
