import assert from "node:assert/strict";
import { test } from "node:test";
import {
  TEST_DOMAIN as domain,
  signPart,
  signSegment,
  testOrigin as origin,
  testOther as other,
} from "../../../scripts/lib/test-fixtures.ts";
import { OriginSignatureVerifier } from "../../src/viewer/origin-signature-verifier.ts";
import { PartVerificationError, verifyPart } from "../../src/viewer/verify-part.ts";
import { assertManifestEntry } from "../../src/viewer/verify-segment.ts";

const streamId = `0x${"11".repeat(32)}` as const;
const bytes = new TextEncoder().encode("part bytes");

const signedPart = (signer = origin) =>
  signPart(signer, { streamId, sequence: 7, part: 2, durationMs: 250, independent: false }, bytes);
const signedSegment = () => signSegment(origin, { streamId, sequence: 6, durationMs: 1000 }, bytes);

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
