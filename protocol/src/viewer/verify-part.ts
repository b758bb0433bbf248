/**
 * Pure verification of LL-HLS parts against the origin's signed part entries (eip712.ts
 * PartEntry). Browser- and Node-compatible (viem, noble-curves and WebCrypto only).
 */
import { hashTypedData } from "viem";
import type { SignedPartEntry } from "../api.ts";
import { partEntryTypes } from "../eip712.ts";
import { segmentHash } from "../segment-hash.ts";
import { toPartEntry } from "./manifest-entry.ts";
import { originVerdict, refusalDetails, type ExpectedOrigin } from "./origin-signature-verifier.ts";
import type { SegmentRejection } from "./verify-segment.ts";

export class PartVerificationError extends Error {
  override readonly name = "PartVerificationError";
  readonly reason: SegmentRejection;
  readonly sequence: number;
  readonly part: number;
  constructor(reason: SegmentRejection, entry: SignedPartEntry, details: string) {
    super(`part ${entry.sequence}.${entry.part} rejected (${reason}): ${details}`);
    this.reason = reason;
    this.sequence = entry.sequence;
    this.part = entry.part;
  }
}

/** Throws PartVerificationError unless the part entry was signed by `originAddress`. */
export async function assertPartEntry(
  entry: SignedPartEntry,
  expected: ExpectedOrigin,
): Promise<void> {
  if (entry.streamId.toLowerCase() !== expected.streamId.toLowerCase())
    throw new PartVerificationError("stream", entry, `entry is for stream ${entry.streamId}`);
  const verdict = await originVerdict(
    () =>
      hashTypedData({
        domain: expected.domain,
        types: partEntryTypes,
        primaryType: "PartEntry",
        message: toPartEntry(entry),
      }),
    entry.signature,
    expected,
  );
  if (!verdict.ok)
    throw new PartVerificationError(
      "signature",
      entry,
      refusalDetails(verdict, expected.originAddress),
    );
}

/** Throws PartVerificationError unless `bytes` are exactly the part the entry describes. */
export async function assertPartBytes(entry: SignedPartEntry, bytes: Uint8Array): Promise<void> {
  if (bytes.byteLength !== entry.size)
    throw new PartVerificationError(
      "size",
      entry,
      `got ${bytes.byteLength} bytes, entry says ${entry.size}`,
    );
  const hash = await segmentHash(bytes);
  if (hash !== entry.hash.toLowerCase())
    throw new PartVerificationError("hash", entry, `got ${hash}, entry says ${entry.hash}`);
}

/** Both checks: the origin signed the part entry and the bytes match it. */
export async function verifyPart(
  entry: SignedPartEntry,
  bytes: Uint8Array,
  expected: ExpectedOrigin,
): Promise<void> {
  await assertPartEntry(entry, expected);
  await assertPartBytes(entry, bytes);
}
