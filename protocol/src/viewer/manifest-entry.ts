import type { SignedManifestEntry } from "../api.ts";
import type { DeliveryStatement, ManifestEntry } from "../eip712.ts";

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
