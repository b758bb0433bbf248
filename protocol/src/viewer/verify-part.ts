/**
 * Pure verification of LL-HLS parts against the origin's signed part entries (eip712.ts
 * PartEntry). Browser- and Node-compatible (viem + WebCrypto only).
 */
import { recoverTypedDataAddress, type Address, type Hex, type TypedDataDomain } from "viem";
import type { SignedPartEntry } from "../api.ts";
import { partEntryTypes } from "../eip712.ts";
import { segmentHash } from "../segment-hash.ts";
import { toPartEntry } from "./manifest-entry.ts";
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

/** Address that signed a part entry. */
export function recoverPartSigner(
  entry: SignedPartEntry,
  domain: TypedDataDomain,
): Promise<Address> {
  return recoverTypedDataAddress({
    domain,
    types: partEntryTypes,
    primaryType: "PartEntry",
    message: toPartEntry(entry),
    signature: entry.signature as Hex,
  });
}

/** Throws PartVerificationError unless the part entry was signed by `originAddress`. */
export async function assertPartEntry(
  entry: SignedPartEntry,
  expected: { originAddress: Address; streamId: Hex; domain: TypedDataDomain },
): Promise<void> {
  if (entry.streamId.toLowerCase() !== expected.streamId.toLowerCase())
    throw new PartVerificationError("stream", entry, `entry is for stream ${entry.streamId}`);
  let signer: Address;
  try {
    signer = await recoverPartSigner(entry, expected.domain);
  } catch (cause) {
    throw new PartVerificationError(
      "signature",
      entry,
      `unrecoverable signature (${String(cause)})`,
    );
  }
  if (signer.toLowerCase() !== expected.originAddress.toLowerCase())
    throw new PartVerificationError(
      "signature",
      entry,
      `signed by ${signer}, not the origin ${expected.originAddress}`,
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
  expected: { originAddress: Address; streamId: Hex; domain: TypedDataDomain },
): Promise<void> {
  await assertPartEntry(entry, expected);
  await assertPartBytes(entry, bytes);
}
