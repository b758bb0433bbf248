/**
 * The origin-signed manifest entries this relay signed delivery statements for, keyed by
 * stream and sequence, so it can dispute a tamper report with the entry it verified (the
 * origin signed the relay's hash too: issue 9, finding 3). Bounded: the oldest entry goes
 * first once `maxEntries` are held; the dispute watcher then asks the coordinator.
 */
import type { SignedManifestEntry } from "@streamrp2p/protocol/api";

export class SignedEntryStore {
  private readonly entries = new Map<string, SignedManifestEntry>();
  private readonly maxEntries: number;

  constructor({ maxEntries }: { maxEntries: number }) {
    this.maxEntries = maxEntries;
  }

  get size(): number {
    return this.entries.size;
  }

  add(entry: SignedManifestEntry): void {
    const key = keyOf(entry.streamId, entry.sequence);
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value!;
      this.entries.delete(oldest);
    }
  }

  get(streamId: string, sequence: number): SignedManifestEntry | undefined {
    return this.entries.get(keyOf(streamId, sequence));
  }
}

const keyOf = (streamId: string, sequence: number) => `${streamId.toLowerCase()}:${sequence}`;
