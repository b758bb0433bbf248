/**
 * The segments and LL-HLS parts a node (origin or relay) serves: per stream a sliding playlist
 * window of metadata, and the bytes in one byte-bounded LRU cache shared by all streams. The
 * playlists, the manifest JSON and each response's headers are rendered once, when the data
 * changes, never per request.
 *
 * Parts are kept for the last PART_SEGMENTS complete segments and for the segments in
 * progress; the playlist lists those of the segment right after the last complete one (a part
 * of a later segment waits until the one before it is complete, e.g. while the origin's
 * coordinator has not accepted its entry yet).
 */
import type { LivePart, LiveSegment } from "@streamrp2p/protocol/api";
import { ByteLruCache } from "./byte-lru-cache.ts";
import { renderPlaylist } from "./render-playlist.ts";

export interface StoredSegment {
  live: LiveSegment;
  bytes: Buffer;
  /** Response headers, computed once when the segment was stored. */
  headers: Record<string, string>;
}

export interface StoredPart {
  live: LivePart;
  bytes: Buffer;
  /** Response headers, computed once when the part was stored. */
  headers: Record<string, string>;
}

/** A place in the stream: part `part` of segment `sequence` (Infinity: the whole segment). */
export interface StreamPosition {
  sequence: number;
  part: number;
}

/** Complete segments whose parts stay listed (RFC 8216bis: about three target durations). */
export const PART_SEGMENTS = 2;

interface StreamWindow {
  streamId: `0x${string}`;
  originAddress: `0x${string}`;
  segments: LiveSegment[];
  /** Ascending by sequence then part; each segment's parts consecutive from 0. */
  parts: LivePart[];
  /** Longest part seen (EXT-X-PART-INF PART-TARGET never shrinks), ms; 0 before the first part. */
  partTargetMs: number;
  discontinuitiesBefore: number;
  playlist: string | undefined;
  delta: string | undefined;
  manifest: string | undefined;
}

export const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers":
    "x-delivery-statement, x-segment-hash, x-part-hash, etag, content-length, content-range, accept-ranges",
} as const;

export class SegmentStore {
  readonly windowSize: number;
  private readonly cache: ByteLruCache<string, StoredSegment | StoredPart>;
  private readonly streams = new Map<string, StreamWindow>();
  private list: string | undefined;
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(options: { maxBytes: number; windowSize: number }) {
    this.windowSize = options.windowSize;
    this.cache = new ByteLruCache({
      maxBytes: options.maxBytes,
      sizeOf: (segment) => segment.bytes.length,
      onEvict: (key) => this.onEvict(key),
    });
  }

  get cachedBytes(): number {
    return this.cache.bytes;
  }

  get cachedSegments(): number {
    return this.cache.size;
  }

  streamIds(): `0x${string}`[] {
    return [...this.streams.values()].map((s) => s.streamId);
  }

  hasStream(streamId: string): boolean {
    return this.streams.has(streamId);
  }

  addStream(streamId: `0x${string}`, originAddress: `0x${string}`): void {
    if (this.streams.has(streamId)) return;
    this.streams.set(streamId, {
      streamId,
      originAddress,
      segments: [],
      parts: [],
      partTargetMs: 0,
      discontinuitiesBefore: 0,
      playlist: undefined,
      delta: undefined,
      manifest: undefined,
    });
    this.list = undefined;
  }

  lastSequence(streamId: string): number | undefined {
    return this.streams.get(streamId)?.segments.at(-1)?.entry.sequence;
  }

  /** Adds a verified segment; its sequence must be above the stream's last one (else false). */
  add(segment: StoredSegment): boolean {
    const stream = this.streams.get(segment.live.entry.streamId);
    if (!stream) throw new Error(`unknown stream ${segment.live.entry.streamId}`);
    const last = stream.segments.at(-1)?.entry.sequence;
    if (last !== undefined && segment.live.entry.sequence <= last) return false;
    if (!this.cache.set(key(stream.streamId, segment.live.entry.sequence), segment)) return false;
    stream.segments.push(segment.live);
    while (stream.segments.length > this.windowSize) {
      if (stream.segments.shift()!.discontinuity) stream.discontinuitiesBefore++;
    }
    const keepFrom = segment.live.entry.sequence - PART_SEGMENTS + 1;
    while (stream.parts.length > 0 && stream.parts[0]!.entry.sequence < keepFrom) {
      const old = stream.parts.shift()!.entry;
      this.cache.delete(partKey(stream.streamId, old.sequence, old.part));
    }
    this.changed(stream);
    return true;
  }

  /**
   * Adds a verified part. It must be the next part of a segment not complete yet here (part 0,
   * or the one after the last part held of that segment); anything else is ignored.
   */
  addPart(part: StoredPart): boolean {
    const { entry } = part.live;
    const stream = this.streams.get(entry.streamId);
    if (!stream) throw new Error(`unknown stream ${entry.streamId}`);
    const last = stream.segments.at(-1)?.entry.sequence;
    if (last !== undefined && entry.sequence <= last) return false;
    const newest = stream.parts.at(-1)?.entry;
    if (newest && newest.sequence > entry.sequence) return false;
    const held = newest?.sequence === entry.sequence ? newest.part + 1 : 0;
    if (entry.part !== held) return false;
    if (!this.cache.set(partKey(stream.streamId, entry.sequence, entry.part), part)) return false;
    stream.parts.push(part.live);
    stream.partTargetMs = Math.max(stream.partTargetMs, entry.durationMs);
    this.changed(stream);
    return true;
  }

  private changed(stream: StreamWindow): void {
    stream.playlist = stream.delta = stream.manifest = this.list = undefined;
    const waiting = this.waiters.get(stream.streamId);
    if (waiting) {
      this.waiters.delete(stream.streamId);
      for (const wake of waiting) wake();
    }
  }

  /** The parts held of one segment, in order. */
  partsOf(streamId: string, sequence: number): LivePart[] {
    return (this.streams.get(streamId)?.parts ?? []).filter((p) => p.entry.sequence === sequence);
  }

  /**
   * The newest place the playlist reaches: the last listed part of the segment in progress,
   * else the last complete segment (its last part, or Infinity when it came without parts).
   */
  position(streamId: string): StreamPosition | undefined {
    const stream = this.streams.get(streamId);
    if (!stream) return undefined;
    const tail = this.tail(stream);
    const lastTail = tail.at(-1)?.entry;
    if (lastTail) return { sequence: lastTail.sequence, part: lastTail.part };
    const last = stream.segments.at(-1)?.entry.sequence;
    if (last === undefined) return undefined;
    const parts = this.partsOf(streamId, last);
    return { sequence: last, part: parts.length > 0 ? parts.length - 1 : Infinity };
  }

  /** The listed parts after the last complete segment (the segment in progress). */
  private tail(stream: StreamWindow): LivePart[] {
    const last = stream.segments.at(-1)?.entry.sequence;
    const sequence = last === undefined ? stream.parts[0]?.entry.sequence : last + 1;
    return stream.parts.filter((p) => p.entry.sequence === sequence);
  }

  /**
   * Resolves once the stream holds `sequence` (or anything later), or after `timeoutMs`:
   * what a blocking playlist/manifest request (LL-HLS `_HLS_msn`) waits on. `cancel` drops the wait.
   */
  waitForSequence(
    streamId: string,
    sequence: number,
    timeoutMs: number,
  ): { done: Promise<void>; cancel: () => void } {
    return this.waitUntil(
      streamId,
      () => {
        const last = this.lastSequence(streamId);
        return last !== undefined && last >= sequence;
      },
      timeoutMs,
    );
  }

  /**
   * Resolves once the playlist reaches part `part` of segment `sequence` or later (LL-HLS
   * `_HLS_msn` with `_HLS_part`), or after `timeoutMs`.
   */
  waitForPosition(
    streamId: string,
    wanted: StreamPosition,
    timeoutMs: number,
  ): { done: Promise<void>; cancel: () => void } {
    return this.waitUntil(
      streamId,
      () => {
        const at = this.position(streamId);
        if (at === undefined) return false;
        return (
          at.sequence > wanted.sequence ||
          (at.sequence === wanted.sequence && at.part >= wanted.part)
        );
      },
      timeoutMs,
    );
  }

  /**
   * Resolves once part `part` of segment `sequence` is held or can no longer come (its segment
   * is complete here without it, or a later segment's parts arrived), or after `timeoutMs`:
   * what a request for a preload-hinted part waits on.
   */
  waitForPart(
    streamId: string,
    sequence: number,
    part: number,
    timeoutMs: number,
  ): { done: Promise<void>; cancel: () => void } {
    return this.waitUntil(
      streamId,
      () => {
        if (this.cache.has(partKey(streamId, sequence, part))) return true;
        const last = this.lastSequence(streamId);
        const newest = this.streams.get(streamId)?.parts.at(-1)?.entry;
        return (
          (last !== undefined && last >= sequence) ||
          (newest !== undefined && newest.sequence > sequence)
        );
      },
      timeoutMs,
    );
  }

  private waitUntil(
    streamId: string,
    ready: () => boolean,
    timeoutMs: number,
  ): { done: Promise<void>; cancel: () => void } {
    if (ready()) return { done: Promise.resolve(), cancel: () => {} };
    let settled = false;
    let resolveDone: () => void = () => {};
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    const settle = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      this.waiters.get(streamId)?.delete(check);
      resolveDone();
    };
    const check = () => {
      if (settled) return;
      if (ready()) settle();
      else this.wait(streamId, check);
    };
    const timer = setTimeout(settle, timeoutMs);
    timer.unref();
    this.wait(streamId, check);
    return { done, cancel: settle };
  }

  private wait(streamId: string, wake: () => void): void {
    const set = this.waiters.get(streamId) ?? new Set();
    set.add(wake);
    this.waiters.set(streamId, set);
  }

  segment(streamId: string, sequence: number): StoredSegment | undefined {
    const stored = this.cache.get(key(streamId, sequence));
    return stored && !isPart(stored) ? stored : undefined;
  }

  part(streamId: string, sequence: number, part: number): StoredPart | undefined {
    const stored = this.cache.get(partKey(streamId, sequence, part));
    return stored && isPart(stored) ? stored : undefined;
  }

  /**
   * The media playlist; with parts held, an LL-HLS one (`delta`: the `_HLS_skip=YES` delta
   * update). Without parts (an upstream that predates LL-HLS) a plain one.
   */
  playlist(streamId: string, delta = false): string | undefined {
    const stream = this.streams.get(streamId);
    if (!stream) return undefined;
    const render = (skip: boolean) =>
      renderPlaylist(
        stream.segments.map((s) => ({
          sequence: s.entry.sequence,
          durationMs: s.entry.durationMs,
          startedAt: s.startedAt,
          discontinuity: s.discontinuity,
        })),
        {
          discontinuitiesBefore: stream.discontinuitiesBefore,
          ...(stream.partTargetMs > 0
            ? {
                lowLatency: {
                  parts: stream.parts.map((p) => ({
                    sequence: p.entry.sequence,
                    part: p.entry.part,
                    durationMs: p.entry.durationMs,
                    independent: p.entry.independent,
                  })),
                  partTargetMs: stream.partTargetMs,
                  skip,
                  ...(stream.parts[0]
                    ? {
                        tailStartedAt: this.tail(stream)[0]?.startedAt ?? stream.parts[0].startedAt,
                      }
                    : {}),
                },
              }
            : {}),
        },
      );
    if (delta && stream.partTargetMs > 0) return (stream.delta ??= render(true));
    return (stream.playlist ??= render(false));
  }

  manifestJson(streamId: string): string | undefined {
    const stream = this.streams.get(streamId);
    if (!stream) return undefined;
    stream.manifest ??= JSON.stringify({
      streamId: stream.streamId,
      originAddress: stream.originAddress,
      segments: stream.segments,
      parts: stream.parts,
    });
    return stream.manifest;
  }

  listJson(): string {
    this.list ??= JSON.stringify({
      streams: [...this.streams.values()].map((s) => ({
        streamId: s.streamId,
        originAddress: s.originAddress,
        lastSequence: s.segments.at(-1)?.entry.sequence ?? null,
      })),
    });
    return this.list;
  }

  private onEvict(cacheKey: string): void {
    const [streamId, name] = cacheKey.split(":");
    const stream = this.streams.get(streamId!);
    if (!stream) return;
    const [sequence, part] = name!.split(".");
    if (part !== undefined) {
      const at = stream.parts.findIndex(
        (p) => p.entry.sequence === Number(sequence) && p.entry.part === Number(part),
      );
      // The rest of that segment's parts cannot be listed without it.
      if (at >= 0) {
        const gone = stream.parts.filter(
          (p, i) => i >= at && p.entry.sequence === Number(sequence),
        );
        stream.parts = stream.parts.filter((p) => !gone.includes(p));
        for (const p of gone.slice(1))
          this.cache.delete(partKey(stream.streamId, p.entry.sequence, p.entry.part));
        this.changed(stream);
      }
      return;
    }
    const index = stream.segments.findIndex((s) => s.entry.sequence === Number(sequence));
    if (index < 0) return;
    const [removed] = stream.segments.splice(index, 1);
    if (index === 0 && removed!.discontinuity) stream.discontinuitiesBefore++;
    stream.playlist = stream.delta = stream.manifest = this.list = undefined;
  }
}

function key(streamId: string, sequence: number): string {
  return `${streamId}:${sequence}`;
}

function isPart(stored: StoredSegment | StoredPart): stored is StoredPart {
  return "part" in stored.live.entry;
}

function partKey(streamId: string, sequence: number, part: number): string {
  return `${streamId}:${sequence}.${part}`;
}

/** Headers for a segment response, computed once per stored segment. */
export function segmentHeaders(
  live: LiveSegment,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...CORS_HEADERS,
    "content-type": "video/mp2t",
    "content-length": String(live.entry.size),
    "cache-control": "public, max-age=3600, immutable",
    "accept-ranges": "bytes",
    etag: `"${live.entry.hash}"`,
    "x-segment-hash": live.entry.hash,
    ...extra,
  };
}

/** Headers for a part response, computed once per stored part. */
export function partHeaders(live: LivePart): Record<string, string> {
  return {
    ...CORS_HEADERS,
    "content-type": "video/mp2t",
    "content-length": String(live.entry.size),
    "cache-control": "public, max-age=3600, immutable",
    "accept-ranges": "bytes",
    etag: `"${live.entry.hash}"`,
    "x-part-hash": live.entry.hash,
  };
}
