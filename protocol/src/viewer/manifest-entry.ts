import type { SignedManifestEntry, SignedPartEntry } from "../api.ts";
import type { DeliveryStatement, ManifestEntry, PartEntry } from "../eip712.ts";

/** The EIP-712 message of a signed manifest entry (JSON numbers -> uint64 as bigint). */
export function toManifestEntry(signed: SignedManifestEntry): ManifestEntry {
  return {
    streamId: signed.streamId,
    sequence: BigInt(signed.sequence),
    size: signed.size,
    durationMs: signed.durationMs,
    hash: signed.hash,
  };
}

/** The delivery statement a relay signs for a segment it serves. */
export function toDeliveryStatement(signed: SignedManifestEntry): DeliveryStatement {
  return { streamId: signed.streamId, sequence: BigInt(signed.sequence), hash: signed.hash };
}

/** The EIP-712 message of a signed part entry. */
export function toPartEntry(signed: SignedPartEntry): PartEntry {
  return {
    streamId: signed.streamId,
    sequence: BigInt(signed.sequence),
    part: signed.part,
    size: signed.size,
    durationMs: signed.durationMs,
    independent: signed.independent,
    hash: signed.hash,
  };
}
