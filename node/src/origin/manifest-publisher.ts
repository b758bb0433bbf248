/**
 * Publishes signed manifest entries to the coordinator in order, batching whatever queued up
 * while a POST was in flight. Entries arrive here already in the origin's journal; once the
 * coordinator accepts a batch they leave the journal and `onAccepted` releases them to be served.
 * Nothing is ever dropped: a failed batch is retried with exponential backoff (the coordinator
 * treats a repeated entry as a no-op, so a batch whose answer was lost is safe to resend).
 */
import type { Logger } from "pino";
import type { SignedManifestEntry } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "../coordinator-client.ts";
import type { OriginJournal } from "./origin-journal.ts";

const MAX_BATCH = 100;

export interface ManifestPublisherDeps {
  coordinator: Pick<CoordinatorClient, "publishManifest">;
  journal: OriginJournal;
  log: Logger;
  /** The coordinator accepted these entries of one stream (ascending sequence). */
  onAccepted: (streamId: `0x${string}`, entries: readonly SignedManifestEntry[]) => void;
  /** First retry delay, ms; doubles per failure up to maxDelayMs. Default 1000. */
  baseDelayMs?: number;
  /** Default 30,000. */
  maxDelayMs?: number;
}

export class ManifestPublisher {
  published = 0;
  /** The last publish failure, cleared by the next success. */
  lastError: string | undefined;
  private readonly deps: ManifestPublisherDeps;
  private readonly queues = new Map<`0x${string}`, SignedManifestEntry[]>();
  private flushing: Promise<void> | undefined;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(deps: ManifestPublisherDeps) {
    this.deps = deps;
  }

  get pending(): number {
    let n = 0;
    for (const queue of this.queues.values()) n += queue.length;
    return n;
  }

  /** Queues an entry that is already durably in the journal. */
  push(entry: SignedManifestEntry): void {
    const queue = this.queues.get(entry.streamId) ?? [];
    if (queue.some((e) => e.sequence === entry.sequence)) return;
    queue.push(entry);
    this.queues.set(entry.streamId, queue);
    if (this.retryTimer === undefined) void this.flush();
  }

  /** Sends everything queued; resolves after the first failure or when the queue is empty. */
  flush(): Promise<void> {
    this.flushing ??= this.send().finally(() => {
      this.flushing = undefined;
      // Entries pushed after the last loop over the queues looked at them.
      if (this.pending > 0 && this.retryTimer === undefined && !this.stopped) void this.flush();
    });
    return this.flushing;
  }

  private async send(): Promise<void> {
    const { coordinator, journal, log, onAccepted } = this.deps;
    for (const [streamId, queue] of this.queues) {
      while (queue.length > 0) {
        const batch = queue.slice(0, MAX_BATCH);
        try {
          await coordinator.publishManifest(streamId, batch);
        } catch (error) {
          this.failures++;
          this.lastError = (error as Error).message;
          const delay = Math.min(
            this.deps.maxDelayMs ?? 30_000,
            (this.deps.baseDelayMs ?? 1000) * 2 ** (this.failures - 1),
          );
          log.warn(
            { err: error, streamId, pending: this.pending, retryInMs: delay },
            "manifest publish failed; its segments are not served until the coordinator accepts them",
          );
          this.scheduleRetry(delay);
          return;
        }
        this.failures = 0;
        this.lastError = undefined;
        queue.splice(0, batch.length);
        this.published += batch.length;
        try {
          await journal.markPublished(
            streamId,
            batch.map((e) => e.sequence),
          );
        } catch (error) {
          // They stay in the journal and are resent after a restart, which the coordinator ignores.
          log.warn({ err: error, streamId }, "cannot update the unpublished-entries journal");
        }
        onAccepted(streamId, batch);
      }
    }
  }

  private scheduleRetry(delayMs: number): void {
    if (this.stopped || this.retryTimer !== undefined) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.flush();
    }, delayMs);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }
}
