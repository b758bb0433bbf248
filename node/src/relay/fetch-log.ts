/** Batches the relay's record of which segments it fetched from where, for POST /v1/relays/fetch-log. */
import type { Logger } from "pino";
import type { CoordinatorClient } from "../coordinator-client.ts";

export interface FetchLogEntry {
  streamId: `0x${string}`;
  sequence: number;
  hash: `0x${string}`;
  from: string;
  at: number;
}

const MAX_BATCH = 1000;
const MAX_PENDING = 20_000;

export class FetchLog {
  sent = 0;
  private pending: FetchLogEntry[] = [];
  private readonly coordinator: Pick<CoordinatorClient, "fetchLog">;
  private readonly log: Logger;
  private flushing: Promise<void> | undefined;

  constructor(coordinator: Pick<CoordinatorClient, "fetchLog">, log: Logger) {
    this.coordinator = coordinator;
    this.log = log;
  }

  get size(): number {
    return this.pending.length;
  }

  record(entry: FetchLogEntry): void {
    this.pending.push(entry);
    if (this.pending.length > MAX_PENDING)
      this.pending.splice(0, this.pending.length - MAX_PENDING);
  }

  /** Sends everything pending in batches; on failure keeps the rest for the next flush. */
  flush(): Promise<void> {
    this.flushing ??= this.send().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async send(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.slice(0, MAX_BATCH);
      try {
        await this.coordinator.fetchLog({ entries: batch });
      } catch (error) {
        this.log.warn(
          { err: error, pending: this.pending.length },
          "fetch-log upload failed; will retry",
        );
        return;
      }
      this.pending.splice(0, batch.length);
      this.sent += batch.length;
    }
  }
}
