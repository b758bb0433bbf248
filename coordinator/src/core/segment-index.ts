/**
 * Range sums over a stream's segments: sorted sequences with prefix sums of sizes and
 * durations, so "bytes and media time of sequences a..b" is two binary searches.
 * Used for the origin's manifest (what the stream produced) and for a relay's fetch log
 * (what that relay pulled from the origin or its upstream).
 */

export interface IndexedSegment {
  sequence: number;
  size: number;
  durationMs: number;
  /** 0x-prefixed SHA-256 of the segment, as the origin signed it. */
  hash?: string;
}

export interface SegmentIndex {
  /** Ascending, unique. */
  readonly sequences: Float64Array;
  /** bytePrefix[i] = total size of sequences[0..i-1]; length n + 1. */
  readonly bytePrefix: Float64Array;
  /** durationPrefix[i] = total duration (ms) of sequences[0..i-1]; length n + 1. */
  readonly durationPrefix: Float64Array;
  /** Hash by sequence, where known. */
  readonly hashes: ReadonlyMap<number, string>;
}

export interface SegmentRange {
  count: number;
  bytes: number;
  durationMs: number;
}

function isUint(n: unknown): n is number {
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
}

/** Builds the index; entries with non-integer fields are dropped, the first of duplicates wins. */
export function buildSegmentIndex(segments: Iterable<IndexedSegment>): SegmentIndex {
  const bySequence = new Map<number, IndexedSegment>();
  for (const s of segments) {
    if (!isUint(s.sequence) || !isUint(s.size) || !isUint(s.durationMs)) continue;
    if (!bySequence.has(s.sequence)) bySequence.set(s.sequence, s);
  }
  const sorted = [...bySequence.values()].sort((a, b) => a.sequence - b.sequence);
  const sequences = new Float64Array(sorted.length);
  const bytePrefix = new Float64Array(sorted.length + 1);
  const durationPrefix = new Float64Array(sorted.length + 1);
  const hashes = new Map<number, string>();
  sorted.forEach((s, i) => {
    sequences[i] = s.sequence;
    bytePrefix[i + 1] = bytePrefix[i]! + s.size;
    durationPrefix[i + 1] = durationPrefix[i]! + s.durationMs;
    if (s.hash !== undefined) hashes.set(s.sequence, s.hash.toLowerCase());
  });
  return { sequences, bytePrefix, durationPrefix, hashes };
}

/** Index of the first sequence >= value. */
function lowerBound(sequences: Float64Array, value: number): number {
  let lo = 0;
  let hi = sequences.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sequences[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Count, bytes and media time of the indexed sequences in [from, to] (inclusive). */
export function segmentRange(index: SegmentIndex, from: number, to: number): SegmentRange {
  if (to < from) return { count: 0, bytes: 0, durationMs: 0 };
  const a = lowerBound(index.sequences, from);
  const b = lowerBound(index.sequences, to + 1);
  return {
    count: b - a,
    bytes: index.bytePrefix[b]! - index.bytePrefix[a]!,
    durationMs: index.durationPrefix[b]! - index.durationPrefix[a]!,
  };
}

export function hasSequence(index: SegmentIndex, sequence: number): boolean {
  const i = lowerBound(index.sequences, sequence);
  return i < index.sequences.length && index.sequences[i] === sequence;
}

/** Highest indexed sequence, or undefined for an empty index. */
export function headSequence(index: SegmentIndex): number | undefined {
  return index.sequences.length === 0 ? undefined : index.sequences[index.sequences.length - 1];
}

export interface FetchLogEntry {
  sequence: number;
  hash: string;
}

/**
 * A relay's fetch log for one stream, indexed with the manifest's sizes and durations. A
 * fetch counts only if the manifest has the sequence and, when both carry a hash, the hashes
 * agree (a relay that pulled other bytes than the origin signed did not fetch the segment).
 */
export function buildFetchIndex(
  manifest: SegmentIndex,
  fetches: Iterable<FetchLogEntry>,
): SegmentIndex {
  const sizes: IndexedSegment[] = [];
  for (const f of fetches) {
    if (!isUint(f.sequence) || !hasSequence(manifest, f.sequence)) continue;
    const expected = manifest.hashes.get(f.sequence);
    if (expected !== undefined && (typeof f.hash !== "string" || f.hash.toLowerCase() !== expected))
      continue;
    const i = lowerBound(manifest.sequences, f.sequence);
    sizes.push({
      sequence: f.sequence,
      size: manifest.bytePrefix[i + 1]! - manifest.bytePrefix[i]!,
      durationMs: manifest.durationPrefix[i + 1]! - manifest.durationPrefix[i]!,
      ...(expected === undefined ? {} : { hash: expected }),
    });
  }
  return buildSegmentIndex(sizes);
}
