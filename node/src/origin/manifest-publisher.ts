/** Publishes signed manifest entries to the coordinator in order, batching whatever queued up while a POST was in flight. */
import type { Logger } from "pino";
import type { SignedManifestEntry } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "../coordinator-client.ts";

const MAX_BATCH = 100;
const MAX_QUEUE = 1000;

export class ManifestPublisher {
  published = 0;
  private readonly coordinator: CoordinatorClient;
  private readonly log: Logger;
  private readonly queues = new Map<string, SignedManifestEntry[]>();
  private flushing = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(coordinator: CoordinatorClient, log: Logger) {
    this.coordinator = coordinator;
    this.log = log;
  }

  get pending(): number {
    let n = 0;
    for (const queue of this.queues.values()) n += queue.length;
    return n;
  }

  push(entry: SignedManifestEntry): void {
    const queue = this.queues.get(entry.streamId) ?? [];
    queue.push(entry);
    if (queue.length > MAX_QUEUE) {
      queue.splice(0, queue.length - MAX_QUEUE);
      this.log.warn({ streamId: entry.streamId }, "manifest queue full; oldest entries dropped");
    }
    this.queues.set(entry.streamId, queue);
    void this.flush();
  }

  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (const [streamId, queue] of this.queues) {
        while (queue.length > 0) {
          const batch = queue.slice(0, MAX_BATCH);
          try {
            await this.coordinator.publishManifest(streamId, batch);
          } catch (error) {
            this.log.warn(
              { err: error, streamId, pending: queue.length },
              "manifest publish failed; retrying in 1 s",
            );
            this.retryTimer ??= setTimeout(() => {
              this.retryTimer = undefined;
              void this.flush();
            }, 1000);
            return;
          }
          queue.splice(0, batch.length);
          this.published += batch.length;
        }
      }
    } finally {
      this.flushing = false;
    }
    if (this.pending > 0) void this.flush();
  }

  stop(): void {
    clearTimeout(this.retryTimer);
  }
}
