/** Renders a live HLS media playlist from the segments a node holds (pure). */

export interface PlaylistItem {
  sequence: number;
  durationMs: number;
  /** Wall-clock start of the segment, ms since the epoch. */
  startedAt: number;
  discontinuity: boolean;
}

/**
 * Segments must be consecutive or at least ascending; each gets its own
 * EXT-X-PROGRAM-DATE-TIME, and EXT-X-DISCONTINUITY-SEQUENCE counts the discontinuities that
 * slid out of the window (`discontinuitiesBefore`), as RFC 8216 section 6.2.2 requires.
 */
export function renderPlaylist(
  items: readonly PlaylistItem[],
  options: { discontinuitiesBefore?: number; segmentUri?: (sequence: number) => string } = {},
): string {
  const uri = options.segmentUri ?? ((sequence: number) => `${sequence}.ts`);
  const maxDuration = items.reduce((max, item) => Math.max(max, item.durationMs), 1000);
  const lines = [
    "#EXTM3U",
    "#EXT-X-VERSION:6",
    `#EXT-X-TARGETDURATION:${Math.ceil(maxDuration / 1000)}`,
    `#EXT-X-MEDIA-SEQUENCE:${items[0]?.sequence ?? 0}`,
    `#EXT-X-DISCONTINUITY-SEQUENCE:${options.discontinuitiesBefore ?? 0}`,
    "#EXT-X-INDEPENDENT-SEGMENTS",
  ];
  let expected = items[0]?.sequence;
  for (const item of items) {
    // A gap in sequence numbers (a segment this node could not hold) is a discontinuity too.
    if (item.discontinuity || item.sequence !== expected) lines.push("#EXT-X-DISCONTINUITY");
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(item.startedAt).toISOString()}`);
    lines.push(`#EXTINF:${(item.durationMs / 1000).toFixed(3)},`);
    lines.push(uri(item.sequence));
    expected = item.sequence + 1;
  }
  return lines.join("\n") + "\n";
}
