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
    const shared = sharedCopy(segment);
    if (!super.add(shared)) return false;
    this.publish({ type: "segment", ...mirrored(shared) });
    return true;
  }

  override addPart(part: StoredPart): boolean {
    const shared = sharedCopy(part);
    if (!super.addPart(shared)) return false;
    this.publish({ type: "part", ...mirrored(shared) });
    return true;
  }
}

/** The segment or part with its bytes in a SharedArrayBuffer of their own, viewed as a Buffer. */
function sharedCopy<T extends StoredSegment | StoredPart>(stored: T): T {
  const bytes = Buffer.from(new SharedArrayBuffer(stored.bytes.length));
  stored.bytes.copy(bytes);
  return { ...stored, bytes };
}

/** An admitted segment or part as its workers receive it: the same, its bytes the shared buffer. */
function mirrored<T extends StoredSegment | StoredPart>(stored: T) {
  return { ...stored, bytes: stored.bytes.buffer as SharedArrayBuffer };
}
