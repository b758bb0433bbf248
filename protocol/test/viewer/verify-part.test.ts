import assert from "node:assert/strict";
import { test } from "node:test";
import { privateKeyToAccount } from "viem/accounts";
import type { SignedManifestEntry, SignedPartEntry } from "../../src/api.ts";
import { manifestEntryTypes, partEntryTypes, relayStakingDomain } from "../../src/eip712.ts";
import { segmentHash } from "../../src/segment-hash.ts";
import { toManifestEntry, toPartEntry } from "../../src/viewer/manifest-entry.ts";
import { OriginSignatureVerifier } from "../../src/viewer/origin-signature-verifier.ts";
import { PartVerificationError, verifyPart } from "../../src/viewer/verify-part.ts";
import { assertManifestEntry } from "../../src/viewer/verify-segment.ts";

const origin = privateKeyToAccount(
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
);
const other = privateKeyToAccount(
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
);
const domain = relayStakingDomain(31337, "0x5FbDB2315678afecb367f032d93F642f64180aa3");
const streamId = `0x${"11".repeat(32)}` as const;
const bytes = new TextEncoder().encode("part bytes");

async function signedPart(signer = origin): Promise<SignedPartEntry> {
  const entry = {
    streamId,
    sequence: 7,
    part: 2,
    size: bytes.length,
    durationMs: 250,
    independent: false,
    hash: await segmentHash(bytes),
  };
  const signature = await signer.signTypedData({
    domain,
    types: partEntryTypes,
    primaryType: "PartEntry",
    message: toPartEntry({ ...entry, signature: "0x" }),
  });
  return { ...entry, signature };
}

async function signedSegment(): Promise<SignedManifestEntry> {
  const entry = {
    streamId,
    sequence: 6,
    size: 1,
    durationMs: 1000,
    hash: await segmentHash(bytes),
  };
  const signature = await origin.signTypedData({
    domain,
    types: manifestEntryTypes,
    primaryType: "ManifestEntry",
    message: toManifestEntry({ ...entry, signature: "0x" }),
  });
  return { ...entry, signature };
}

const refused = (reason: string) => (e: unknown) =>
  e instanceof PartVerificationError && e.reason === reason;

test("one verifier learns the origin's key from a segment entry and checks part entries with it", async () => {
  const verifier = new OriginSignatureVerifier();
  const expected = { originAddress: origin.address, streamId, domain, verifier };
  await assertManifestEntry(await signedSegment(), expected);
  const part = await signedPart();
  await verifyPart(part, bytes, expected);
  await assert.rejects(
    verifyPart({ ...part, independent: true }, bytes, expected),
    refused("signature"),
  );
  await assert.rejects(verifyPart({ ...part, part: 3 }, bytes, expected), refused("signature"));
  await assert.rejects(verifyPart(await signedPart(other), bytes, expected), refused("signature"));
  const altered = Uint8Array.from(bytes);
  altered[1]! ^= 1;
  await assert.rejects(verifyPart(part, altered, expected), refused("hash"));
  await assert.rejects(
    verifyPart(part, bytes, { ...expected, streamId: `0x${"22".repeat(32)}` }),
    refused("stream"),
  );
  assert.deepEqual(verifier.counts, { fast: 5, recovered: 1 });
});
