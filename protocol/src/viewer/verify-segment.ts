/**
 * Pure verification of segments against the origin's signed manifest entries. Browser- and
 * Node-compatible (viem, noble-curves and WebCrypto only).
 */
import {
  hashTypedData,
  recoverTypedDataAddress,
  type Address,
  type Hex,
  type TypedDataDomain,
} from "viem";
import type { SignedManifestEntry } from "../api.ts";
import { deliveryStatementTypes, manifestEntryTypes } from "../eip712.ts";
import { segmentHash } from "../segment-hash.ts";
import { toDeliveryStatement, toManifestEntry } from "./manifest-entry.ts";
import { originVerdict, refusalDetails, type ExpectedOrigin } from "./origin-signature-verifier.ts";

/**
 * signature/stream/sequence/size/hash: the entry or the bytes are not the origin's.
 * origin: the relay's playlist names a segment on another server. statement: the relay's
 * delivery statement is missing or not signed by the relay's key.
 */
export type SegmentRejection =
  "signature" | "stream" | "sequence" | "size" | "hash" | "origin" | "statement";

export class SegmentVerificationError extends Error {
  override readonly name = "SegmentVerificationError";
  readonly reason: SegmentRejection;
  readonly sequence: number;
  constructor(reason: SegmentRejection, sequence: number, details: string) {
    super(`segment ${sequence} rejected (${reason}): ${details}`);
    this.reason = reason;
    this.sequence = sequence;
  }
}

/** Address that signed a manifest entry. */
export function recoverManifestSigner(
  entry: SignedManifestEntry,
  domain: TypedDataDomain,
): Promise<Address> {
  return recoverTypedDataAddress({
    domain,
    types: manifestEntryTypes,
    primaryType: "ManifestEntry",
    message: toManifestEntry(entry),
    signature: entry.signature as Hex,
  });
}

/** Throws SegmentVerificationError unless the entry was signed by `originAddress`. */
export async function assertManifestEntry(
  entry: SignedManifestEntry,
  expected: ExpectedOrigin,
): Promise<void> {
  if (entry.streamId.toLowerCase() !== expected.streamId.toLowerCase()) {
    throw new SegmentVerificationError(
      "stream",
      entry.sequence,
      `entry is for stream ${entry.streamId}`,
    );
  }
  const verdict = await originVerdict(
    () =>
      hashTypedData({
        domain: expected.domain,
        types: manifestEntryTypes,
        primaryType: "ManifestEntry",
        message: toManifestEntry(entry),
      }),
    entry.signature,
    expected,
  );
  if (!verdict.ok)
    throw new SegmentVerificationError(
      "signature",
      entry.sequence,
      refusalDetails(verdict, expected.originAddress),
    );
}

/** Throws SegmentVerificationError unless `bytes` are exactly the segment the entry describes. */
export async function assertSegmentBytes(
  entry: SignedManifestEntry,
  bytes: Uint8Array,
): Promise<void> {
  if (bytes.byteLength !== entry.size) {
    throw new SegmentVerificationError(
      "size",
      entry.sequence,
      `got ${bytes.byteLength} bytes, entry says ${entry.size}`,
    );
  }
  const hash = await segmentHash(bytes);
  if (hash !== entry.hash.toLowerCase()) {
    throw new SegmentVerificationError(
      "hash",
      entry.sequence,
      `got ${hash}, entry says ${entry.hash}`,
    );
  }
}

/** Both checks: the origin signed the entry and the bytes match it. */
export async function verifySegment(
  entry: SignedManifestEntry,
  bytes: Uint8Array,
  expected: ExpectedOrigin,
): Promise<void> {
  await assertManifestEntry(entry, expected);
  await assertSegmentBytes(entry, bytes);
}

/**
 * Throws SegmentVerificationError unless `segmentUrl` lies on the relay's own origin (scheme,
 * host and port of `relayUrl`): a relay must not collect receipts for bytes another relay or
 * the origin served. Check it before fetching.
 */
export function assertSameOrigin(segmentUrl: string, relayUrl: string, sequence: number): void {
  const segment = new URL(segmentUrl).origin;
  const relay = new URL(relayUrl).origin;
  if (segment !== relay) {
    throw new SegmentVerificationError(
      "origin",
      sequence,
      `the playlist names ${segment}, not the relay's own origin ${relay}`,
    );
  }
}

/**
 * Throws SegmentVerificationError unless `statement` is `relayAddress`'s EIP-712
 * DeliveryStatement of this entry (stream, sequence and hash, so the bytes the entry
 * describes), in the domain manifest entries are signed in.
 */
export async function assertDeliveryStatement(
  entry: SignedManifestEntry,
  statement: string | null | undefined,
  expected: { relayAddress: Address; domain: TypedDataDomain },
): Promise<void> {
  if (!statement || !/^0x[0-9a-fA-F]+$/.test(statement)) {
    throw new SegmentVerificationError("statement", entry.sequence, "no delivery statement");
  }
  let signer: Address;
  try {
    signer = await recoverTypedDataAddress({
      domain: expected.domain,
      types: deliveryStatementTypes,
      primaryType: "DeliveryStatement",
      message: toDeliveryStatement(entry),
      signature: statement as Hex,
    });
  } catch (cause) {
    throw new SegmentVerificationError(
      "statement",
      entry.sequence,
      `unrecoverable delivery statement (${String(cause)})`,
    );
  }
  if (signer.toLowerCase() !== expected.relayAddress.toLowerCase()) {
    throw new SegmentVerificationError(
      "statement",
      entry.sequence,
      `delivery statement signed by ${signer}, not the relay ${expected.relayAddress}`,
    );
  }
}
