/**
 * The segments a node (origin or relay) serves: per stream a sliding playlist window of
 * metadata, and the bytes in one byte-bounded LRU cache shared by all streams. The playlist,
 * the manifest JSON and each segment's response headers are rendered once, when the data
 * changes, never per request.
 */
import type { LiveSegment } from "@streamrp2p/protocol/api";
import { ByteLruCache } from "./byte-lru-cache.ts";
import { renderPlaylist } from "./render-playlist.ts";

export interface StoredSegment {
  live: LiveSegment;
  bytes: Buffer;
  /** Response headers, computed once when the segment was stored. */
  headers: Record<string, string>;
}

interface StreamWindow {
  streamId: `0x${string}`;
  originAddress: `0x${string}`;
  segments: LiveSegment[];
  discontinuitiesBefore: number;
  playlist: string | undefined;
  manifest: string | undefined;
}

export const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers":
    "x-delivery-statement, x-segment-hash, etag, content-length, content-range, accept-ranges",
} as const;

export class SegmentStore {
  readonly windowSize: number;
  private readonly cache: ByteLruCache<string, StoredSegment>;
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
      discontinuitiesBefore: 0,
      playlist: undefined,
      manifest: undefined,
    });
    this.list = undefined;
  }

  lastSequence(streamId: string): number | undefined {
    return this.streams.get(streamId)?.segments.at(-1)?.entry.sequence;
  }

  /** Adds a verified segment; its sequence must be above the stream's last one. */
  add(segment: StoredSegment): void {
    const stream = this.streams.get(segment.live.entry.streamId);
    if (!stream) throw new Error(`unknown stream ${segment.live.entry.streamId}`);
    const last = stream.segments.at(-1)?.entry.sequence;
    if (last !== undefined && segment.live.entry.sequence <= last) return;
    if (!this.cache.set(key(stream.streamId, segment.live.entry.sequence), segment)) return;
    stream.segments.push(segment.live);
    while (stream.segments.length > this.windowSize) {
      if (stream.segments.shift()!.discontinuity) stream.discontinuitiesBefore++;
    }
    stream.playlist = stream.manifest = this.list = undefined;
    const waiting = this.waiters.get(stream.streamId);
    if (waiting) {
      this.waiters.delete(stream.streamId);
      for (const wake of waiting) wake();
    }
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
    const last = this.lastSequence(streamId);
    if (last !== undefined && last >= sequence)
      return { done: Promise.resolve(), cancel: () => {} };
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
      const now = this.lastSequence(streamId);
      if (now !== undefined && now >= sequence) settle();
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
    return this.cache.get(key(streamId, sequence));
  }

  playlist(streamId: string): string | undefined {
    const stream = this.streams.get(streamId);
    if (!stream) return undefined;
    stream.playlist ??= renderPlaylist(
      stream.segments.map((s) => ({
        sequence: s.entry.sequence,
        durationMs: s.entry.durationMs,
        startedAt: s.startedAt,
        discontinuity: s.discontinuity,
      })),
      { discontinuitiesBefore: stream.discontinuitiesBefore },
    );
    return stream.playlist;
  }

  manifestJson(streamId: string): string | undefined {
    const stream = this.streams.get(streamId);
    if (!stream) return undefined;
    stream.manifest ??= JSON.stringify({
      streamId: stream.streamId,
      originAddress: stream.originAddress,
      segments: stream.segments,
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
    const [streamId, sequence] = cacheKey.split(":");
    const stream = this.streams.get(streamId!);
    if (!stream) return;
    const index = stream.segments.findIndex((s) => s.entry.sequence === Number(sequence));
    if (index < 0) return;
    const [removed] = stream.segments.splice(index, 1);
    if (index === 0 && removed!.discontinuity) stream.discontinuitiesBefore++;
    stream.playlist = stream.manifest = this.list = undefined;
  }
}

function key(streamId: string, sequence: number): string {
  return `${streamId}:${sequence}`;
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
