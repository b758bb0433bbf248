/**
 * Checks a batch of signed manifest entries against the stream they are posted for: each
 * entry names that stream, sequences are unique within the batch, and each EIP-712 signature
 * recovers to the stream's origin address. Pure (no I/O); all entries are checked, so the
 * answer lists every bad one.
 */
import { recoverTypedDataAddress, type TypedDataDomain } from "viem";
import { manifestEntryTypes, type SignedManifestEntry } from "@streamrp2p/protocol";

export type ManifestProblem =
  | { sequence: number; reason: "stream-mismatch"; streamId: string }
  | { sequence: number; reason: "duplicate-sequence" }
  | { sequence: number; reason: "bad-signature"; recovered: string | null };

export interface ManifestCheck {
  streamId: string;
  originAddress: string;
  domain: TypedDataDomain;
}

export async function recoverManifestSigner(
  entry: SignedManifestEntry,
  domain: TypedDataDomain,
): Promise<string | null> {
  try {
    const recovered = await recoverTypedDataAddress({
      domain,
      types: manifestEntryTypes,
      primaryType: "ManifestEntry",
      message: {
        streamId: entry.streamId,
        sequence: BigInt(entry.sequence),
        size: entry.size,
        durationMs: entry.durationMs,
        hash: entry.hash,
      },
      signature: entry.signature,
    });
    return recovered.toLowerCase();
  } catch {
    return null;
  }
}

export async function findManifestProblems(
  entries: readonly SignedManifestEntry[],
  check: ManifestCheck,
): Promise<ManifestProblem[]> {
  const problems: ManifestProblem[] = [];
  const seen = new Set<number>();
  const streamId = check.streamId.toLowerCase();
  const origin = check.originAddress.toLowerCase();
  for (const entry of entries) {
    if (entry.streamId.toLowerCase() !== streamId) {
      problems.push({
        sequence: entry.sequence,
        reason: "stream-mismatch",
        streamId: entry.streamId,
      });
      continue;
    }
    if (seen.has(entry.sequence)) {
      problems.push({ sequence: entry.sequence, reason: "duplicate-sequence" });
      continue;
    }
    seen.add(entry.sequence);
    const recovered = await recoverManifestSigner(entry, check.domain);
    if (recovered !== origin)
      problems.push({ sequence: entry.sequence, reason: "bad-signature", recovered });
  }
  return problems;
}
