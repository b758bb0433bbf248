/**
 * The main thread's segment store when serve workers serve: every stream, segment and part it
 * admits (after verification, StreamPuller) is copied once into shared memory and handed to the
 * workers in admission order. Nothing else reaches a worker's store.
 */
import { SegmentStore, type StoredPart, type StoredSegment } from "../hls/segment-store.ts";
import type { MirrorOp } from "./serve-messages.ts";

export class MirroredSegmentStore extends SegmentStore {
  private readonly publish: (op: MirrorOp) => void;

  constructor(options: { maxBytes: number; windowSize: number }, publish: (op: MirrorOp) => void) {
    super(options);
    this.publish = publish;
  }

  override addStream(streamId: `0x${string}`, originAddress: `0x${string}`): void {
    if (this.hasStream(streamId)) return;
    super.addStream(streamId, originAddress);
    this.publish({ type: "stream", streamId, originAddress });
  }

  override add(segment: StoredSegment): boolean {
    const bytes = sharedCopy(segment.bytes);
    if (!super.add({ ...segment, bytes })) return false;
    this.publish({
      type: "segment",
      live: segment.live,
      bytes: bytes.buffer as SharedArrayBuffer,
      headers: segment.headers,
    });
    return true;
  }

  override addPart(part: StoredPart): boolean {
    const bytes = sharedCopy(part.bytes);
    if (!super.addPart({ ...part, bytes })) return false;
    this.publish({
      type: "part",
      live: part.live,
      bytes: bytes.buffer as SharedArrayBuffer,
      headers: part.headers,
    });
    return true;
  }
}

/** The bytes in a SharedArrayBuffer of their own, viewed as a Buffer. */
function sharedCopy(bytes: Buffer): Buffer {
  const shared = Buffer.from(new SharedArrayBuffer(bytes.length));
  bytes.copy(shared);
  return shared;
}
