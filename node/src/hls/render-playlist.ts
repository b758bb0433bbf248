/**
 * Renders a live HLS media playlist from the segments a node holds (pure), with the LL-HLS
 * tags of RFC 8216bis when parts are given: EXT-X-SERVER-CONTROL, EXT-X-PART-INF, EXT-X-PART
 * for the last segments and the one in progress, EXT-X-PRELOAD-HINT for the next part, and
 * EXT-X-SKIP for a delta update.
 */

export interface PlaylistItem {
  sequence: number;
  durationMs: number;
  /** Wall-clock start of the segment, ms since the epoch. */
  startedAt: number;
  discontinuity: boolean;
}

export interface PlaylistPartItem {
  sequence: number;
  part: number;
  durationMs: number;
  independent: boolean;
}

export interface LowLatencyOptions {
  /** Parts of listed segments (any of them) and of the segment after the last one, ascending. */
  parts: readonly PlaylistPartItem[];
  /** EXT-X-PART-INF PART-TARGET, ms: at least every listed part's duration. */
  partTargetMs: number;
  /** Answer a `_HLS_skip=YES` request: replace the oldest segments by EXT-X-SKIP. */
  skip?: boolean;
  /** Wall-clock start of the in-progress segment (its first part), for its date. */
  tailStartedAt?: number;
}

/** How many part targets a player holds back from the live edge (RFC 8216bis: at least 2). */
export const PART_HOLD_BACK_PARTS = 3;
/** CAN-SKIP-UNTIL, in target durations (RFC 8216bis: at least 6). */
export const SKIP_TARGET_DURATIONS = 6;

export const partUri = (sequence: number, part: number): string => `${sequence}.${part}.ts`;

/**
 * Segments must be consecutive or at least ascending; each gets its own
 * EXT-X-PROGRAM-DATE-TIME, and EXT-X-DISCONTINUITY-SEQUENCE counts the discontinuities that
 * slid out of the window (`discontinuitiesBefore`), as RFC 8216 section 6.2.2 requires.
 */
export function renderPlaylist(
  items: readonly PlaylistItem[],
  options: {
    discontinuitiesBefore?: number;
    segmentUri?: (sequence: number) => string;
    lowLatency?: LowLatencyOptions;
  } = {},
): string {
  const uri = options.segmentUri ?? ((sequence: number) => `${sequence}.ts`);
  const ll = options.lowLatency;
  const maxDuration = items.reduce((max, item) => Math.max(max, item.durationMs), 1000);
  const targetDuration = Math.ceil(maxDuration / 1000);
  const skipped = ll?.skip ? skippedCount(items, targetDuration) : 0;
  const lines = [
    "#EXTM3U",
    `#EXT-X-VERSION:${skipped > 0 ? 9 : 6}`,
    `#EXT-X-TARGETDURATION:${targetDuration}`,
  ];
  if (ll) {
    const partTarget = ll.partTargetMs / 1000;
    lines.push(
      `#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=${(SKIP_TARGET_DURATIONS * targetDuration).toFixed(1)},PART-HOLD-BACK=${(PART_HOLD_BACK_PARTS * partTarget).toFixed(3)}`,
      `#EXT-X-PART-INF:PART-TARGET=${partTarget.toFixed(3)}`,
    );
  }
  lines.push(
    `#EXT-X-MEDIA-SEQUENCE:${items[0]?.sequence ?? 0}`,
    `#EXT-X-DISCONTINUITY-SEQUENCE:${options.discontinuitiesBefore ?? 0}`,
    "#EXT-X-INDEPENDENT-SEGMENTS",
  );
  if (skipped > 0) lines.push(`#EXT-X-SKIP:SKIPPED-SEGMENTS=${skipped}`);
  const partsOf = new Map<number, PlaylistPartItem[]>();
  for (const part of ll?.parts ?? []) {
    const list = partsOf.get(part.sequence) ?? [];
    list.push(part);
    partsOf.set(part.sequence, list);
  }
  const pushParts = (sequence: number) => {
    for (const part of partsOf.get(sequence) ?? []) {
      const independent = part.independent ? ",INDEPENDENT=YES" : "";
      lines.push(
        `#EXT-X-PART:DURATION=${(part.durationMs / 1000).toFixed(3)},URI="${partUri(part.sequence, part.part)}"${independent}`,
      );
    }
  };
  let expected = items[0]?.sequence;
  for (const [index, item] of items.entries()) {
    // A gap in sequence numbers (a segment this node could not hold) is a discontinuity too.
    const discontinuity = item.discontinuity || item.sequence !== expected;
    expected = item.sequence + 1;
    if (index < skipped) continue;
    if (discontinuity) lines.push("#EXT-X-DISCONTINUITY");
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(item.startedAt).toISOString()}`);
    pushParts(item.sequence);
    lines.push(`#EXTINF:${(item.durationMs / 1000).toFixed(3)},`);
    lines.push(uri(item.sequence));
  }
  if (ll) {
    const last = items.at(-1);
    const tailSequence = last === undefined ? ll.parts[0]?.sequence : last.sequence + 1;
    const tail = tailSequence === undefined ? [] : (partsOf.get(tailSequence) ?? []);
    if (tail.length > 0 && last === undefined && ll.tailStartedAt !== undefined)
      lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(ll.tailStartedAt).toISOString()}`);
    if (tailSequence !== undefined) {
      pushParts(tailSequence);
      lines.push(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI="${partUri(tailSequence, tail.length)}"`);
    }
  }
  return lines.join("\n") + "\n";
}

/**
 * Segments a delta update leaves out: those that end more than CAN-SKIP-UNTIL before the end of
 * the playlist (RFC 8216bis section 6.2.5.1).
 */
function skippedCount(items: readonly PlaylistItem[], targetDuration: number): number {
  const canSkipUntilMs = SKIP_TARGET_DURATIONS * targetDuration * 1000;
  let fromEnd = 0;
  for (let i = items.length - 1; i >= 0; i--) {
    fromEnd += items[i]!.durationMs;
    if (fromEnd > canSkipUntilMs) return i;
  }
  return 0;
}
