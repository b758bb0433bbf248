/**
 * Sends the relay's unacknowledged latest receipts to the coordinator (POST /v1/receipts) in
 * batches. A failed batch is retried with exponential backoff; nothing is dropped until the
 * coordinator acknowledged it (the store keeps the latest receipt per session meanwhile).
 */
import type { Logger } from "pino";
import type { SignedReceipt } from "@streamrp2p/protocol/receipt";
import type { ReceiptStore } from "./receipt-store.ts";

export interface ReceiptUploaderOptions {
  store: ReceiptStore;
  /** Posts one batch; resolves when the coordinator acknowledged it. */
  post: (receipts: SignedReceipt[]) => Promise<void>;
  log: Logger;
  /** Largest batch; 2000 receipts stay under the coordinator's default 1 MB body limit. */
  batchSize?: number;
  /** First retry delay after a failure, ms; doubles per failure. Default 1000. */
  baseDelayMs?: number;
  /** Longest retry delay, ms. Default 60,000. */
  maxDelayMs?: number;
  now?: () => number;
}

export class ReceiptUploader {
  sent = 0;
  failures = 0;
  private readonly options: ReceiptUploaderOptions;
  private readonly now: () => number;
  private retryAt = 0;
  private flushing: Promise<void> | undefined;

  constructor(options: ReceiptUploaderOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  /** Sends everything unacknowledged, unless a backoff is running (`force` ignores it). */
  flush(force = false): Promise<void> {
    this.flushing ??= this.send(force).finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async send(force: boolean): Promise<void> {
    if (!force && this.now() < this.retryAt) return;
    const { store, post, log } = this.options;
    const batchSize = this.options.batchSize ?? 2000;
    const sentThisFlush = new Set<SignedReceipt>();
    for (;;) {
      const batch = store.unacknowledged(batchSize).filter((r) => !sentThisFlush.has(r));
      if (batch.length === 0) return;
      try {
        await post(batch);
      } catch (error) {
        this.failures++;
        const base = this.options.baseDelayMs ?? 1000;
        const delay = Math.min(this.options.maxDelayMs ?? 60_000, base * 2 ** (this.failures - 1));
        this.retryAt = this.now() + delay;
        log.warn(
          { err: error, pending: store.pending, retryInMs: delay },
          "receipt upload failed; will retry",
        );
        return;
      }
      for (const r of batch) sentThisFlush.add(r);
      store.acknowledge(batch);
      this.failures = 0;
      this.retryAt = 0;
      this.sent += batch.length;
    }
  }
}
