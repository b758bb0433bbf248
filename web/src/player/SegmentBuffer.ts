/** No verified segment (or LL-HLS part) with this sequence arrived in time. */
export class SegmentTimeoutError extends Error {
  override name = "SegmentTimeoutError";
  readonly sequence: number;
  readonly part: number | undefined;
  constructor(sequence: number, timeoutMs: number, part?: number) {
    super(
      `${part === undefined ? "segment" : `part ${part} of segment`} ${sequence} was not delivered within ${timeoutMs} ms`,
    );
    this.sequence = sequence;
    this.part = part;
  }
}

type Waiter = (bytes: Uint8Array) => void;

/**
 * Verified segments and LL-HLS parts by sequence (and part index), between the viewer client
 * (which downloads and verifies them) and hls.js (which asks for them): `waitFor` resolves as
 * soon as the segment or part is `put`. Keeps the newest `capacity` of them.
 */
export class SegmentBuffer {
  private readonly segments = new Map<string, Uint8Array>();
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly capacity: number;

  constructor(capacity = 160) {
    this.capacity = capacity;
  }

  /** Stores a verified segment, or part `part` of it. */
  put(sequence: number, bytes: Uint8Array, part?: number): void {
    const key = keyOf(sequence, part);
    this.segments.delete(key);
    this.segments.set(key, bytes);
    for (const waiter of this.waiters.get(key) ?? []) waiter(bytes);
    this.waiters.delete(key);
    for (const oldest of this.segments.keys()) {
      if (this.segments.size <= this.capacity) break;
      this.segments.delete(oldest);
    }
  }

  get(sequence: number, part?: number): Uint8Array | undefined {
    return this.segments.get(keyOf(sequence, part));
  }

  /**
   * The segment (or its part `part`), now or when it arrives; rejects after `timeoutMs` or when
   * `signal` aborts.
   */
  waitFor(
    sequence: number,
    { timeoutMs, signal, part }: { timeoutMs: number; signal?: AbortSignal; part?: number },
  ): Promise<Uint8Array> {
    const key = keyOf(sequence, part);
    const ready = this.segments.get(key);
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const waiters = this.waiters.get(key) ?? new Set<Waiter>();
      this.waiters.set(key, waiters);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(waiter);
        if (waiters.size === 0) this.waiters.delete(key);
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
        reject(new SegmentTimeoutError(sequence, timeoutMs, part));
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

const keyOf = (sequence: number, part: number | undefined) =>
  part === undefined ? String(sequence) : `${sequence}.${part}`;
