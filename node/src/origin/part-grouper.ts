/**
 * Groups the origin's LL-HLS parts into segments (pure): a part opens a new segment when it
 * starts with a keyframe and the open segment is long enough (within half a part of the
 * segment duration), so each segment starts independent and lasts about the configured time;
 * with a publisher whose keyframes are further apart (`--video copy`) segments last a GOP.
 */
export interface OriginPart {
  bytes: Buffer;
  durationMs: number;
  /** Wall-clock time of the part's first frame, ms since the epoch. */
  startedAt: number;
  independent: boolean;
}

export interface GroupedSegment {
  bytes: Buffer;
  durationMs: number;
  startedAt: number;
  parts: number;
}

export class PartGrouper {
  private readonly segmentMs: number;
  private open: OriginPart[] = [];

  constructor(options: { segmentMs: number }) {
    this.segmentMs = options.segmentMs;
  }

  /**
   * Takes the next part; returns its index in its segment and the segment it closed, if the
   * part opened a new one.
   */
  push(part: OriginPart): { index: number; closed: GroupedSegment | undefined } {
    const openMs = this.open.reduce((sum, p) => sum + p.durationMs, 0);
    const opens =
      this.open.length > 0 && part.independent && openMs >= this.segmentMs - part.durationMs / 2;
    const closed = opens ? this.flush() : undefined;
    this.open.push(part);
    return { index: this.open.length - 1, closed };
  }

  /** Closes the open segment (the publish ended); undefined when none is open. */
  flush(): GroupedSegment | undefined {
    if (this.open.length === 0) return undefined;
    const parts = this.open;
    this.open = [];
    return {
      bytes: Buffer.concat(parts.map((p) => p.bytes)),
      durationMs: parts.reduce((sum, p) => sum + p.durationMs, 0),
      startedAt: parts[0]!.startedAt,
      parts: parts.length,
    };
  }
}
