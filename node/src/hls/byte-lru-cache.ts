/** An LRU cache bounded by the total byte size of its values (pure, no timers). */

export class ByteLruCache<K, V> {
  readonly maxBytes: number;
  private readonly sizeOf: (value: V) => number;
  private readonly onEvict: ((key: K, value: V) => void) | undefined;
  private readonly map = new Map<K, V>();
  private total = 0;

  constructor(options: {
    maxBytes: number;
    sizeOf: (value: V) => number;
    onEvict?: (key: K, value: V) => void;
  }) {
    this.maxBytes = options.maxBytes;
    this.sizeOf = options.sizeOf;
    this.onEvict = options.onEvict;
  }

  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.map.size;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  /** Returns the value and marks it most recently used. */
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  /** Inserts (or replaces) a value, evicting the least recently used ones past the bound. A value larger than the bound is not stored. */
  set(key: K, value: V): boolean {
    const size = this.sizeOf(value);
    this.delete(key);
    if (size > this.maxBytes) return false;
    this.map.set(key, value);
    this.total += size;
    while (this.total > this.maxBytes) {
      const oldest = this.map.keys().next();
      if (oldest.done) break;
      this.evict(oldest.value);
    }
    return true;
  }

  delete(key: K): boolean {
    const value = this.map.get(key);
    if (value === undefined) return false;
    this.map.delete(key);
    this.total -= this.sizeOf(value);
    return true;
  }

  private evict(key: K): void {
    const value = this.map.get(key)!;
    this.delete(key);
    this.onEvict?.(key, value);
  }
}
