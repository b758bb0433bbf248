/** No verified segment with this sequence arrived in time. */
export class SegmentTimeoutError extends Error {
  override name = "SegmentTimeoutError";
  readonly sequence: number;
  constructor(sequence: number, timeoutMs: number) {
    super(`segment ${sequence} was not delivered within ${timeoutMs} ms`);
    this.sequence = sequence;
  }
}

type Waiter = (bytes: Uint8Array) => void;

/**
 * Verified segments by sequence, between the viewer client (which downloads and verifies them)
 * and hls.js (which asks for them): `waitFor` resolves as soon as the segment is `put`.
 * Keeps the newest `capacity` segments.
 */
export class SegmentBuffer {
  private readonly segments = new Map<number, Uint8Array>();
  private readonly waiters = new Map<number, Set<Waiter>>();
  private readonly capacity: number;

  constructor(capacity = 32) {
    this.capacity = capacity;
  }

  put(sequence: number, bytes: Uint8Array): void {
    this.segments.set(sequence, bytes);
    for (const waiter of this.waiters.get(sequence) ?? []) waiter(bytes);
    this.waiters.delete(sequence);
    while (this.segments.size > this.capacity) {
      const oldest = Math.min(...this.segments.keys());
      this.segments.delete(oldest);
    }
  }

  get(sequence: number): Uint8Array | undefined {
    return this.segments.get(sequence);
  }

  /** The segment, now or when it arrives; rejects after `timeoutMs` or when `signal` aborts. */
  waitFor(
    sequence: number,
    { timeoutMs, signal }: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<Uint8Array> {
    const ready = this.segments.get(sequence);
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const waiters = this.waiters.get(sequence) ?? new Set<Waiter>();
      this.waiters.set(sequence, waiters);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(waiter);
        if (waiters.size === 0) this.waiters.delete(sequence);
        signal?.removeEventListener("abort", onAbort);
      };
      const waiter: Waiter = (bytes) => {
        cleanup();
        resolve(bytes);
      };
      const onAbort = () => {
        cleanup();
        reject(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new SegmentTimeoutError(sequence, timeoutMs));
      }, timeoutMs);
      waiters.add(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Pending waits (for tests and diagnostics). */
  get waiting(): number {
    let count = 0;
    for (const set of this.waiters.values()) count += set.size;
    return count;
  }
}
