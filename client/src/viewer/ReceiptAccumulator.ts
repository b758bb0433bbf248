/**
 * Per-relay cumulative delivery counts of one viewer session, and the receipts that state them.
 * Pure (no I/O, no clock): the viewer client records each verified segment against the relay it
 * actually fetched from and asks, every few seconds, which receipts are due. A relay's counts
 * never move to another relay on failover: the old relay keeps its last receipt.
 */
import type { Address, Hex } from "viem";
import type { Receipt } from "@streamrp2p/protocol/receipt";

export interface RelayTally {
  relay: Address;
  /** Where the relay was last reached; receipts are posted to `${url}/receipts`. */
  url: string;
  bytes: number;
  segments: number;
  lastSequence: number;
  /** Counts changed since the last receipt the relay accepted. */
  dirty: boolean;
}

export interface DueReceipt {
  url: string;
  receipt: Receipt;
}

export class ReceiptAccumulator {
  readonly sessionId: string;
  readonly streamId: Hex;
  private readonly tallies = new Map<string, RelayTally>();

  constructor(sessionId: string, streamId: Hex) {
    this.sessionId = sessionId;
    this.streamId = streamId;
  }

  /** Counts one verified segment of `bytes` bytes received from `relay` at `url`. */
  record(relay: Address, url: string, bytes: number, sequence: number): void {
    const key = relay.toLowerCase();
    const tally = this.tallies.get(key) ?? {
      relay: key as Address,
      url,
      bytes: 0,
      segments: 0,
      lastSequence: 0,
      dirty: true,
    };
    tally.url = url;
    tally.bytes += bytes;
    tally.segments += 1;
    tally.lastSequence = Math.max(tally.lastSequence, sequence);
    tally.dirty = true;
    this.tallies.set(key, tally);
  }

  /** One receipt per relay whose counts changed since its last accepted receipt. */
  due(timestamp: number): DueReceipt[] {
    const out: DueReceipt[] = [];
    for (const t of this.tallies.values()) {
      if (!t.dirty) continue;
      out.push({
        url: t.url,
        receipt: {
          sessionId: this.sessionId,
          relay: t.relay,
          streamId: this.streamId,
          bytes: t.bytes,
          segments: t.segments,
          lastSequence: t.lastSequence,
          timestamp,
        },
      });
    }
    return out;
  }

  /**
   * Marks `receipt` as accepted by its relay: the relay is clean unless more bytes arrived
   * after the receipt was cut. A failed post leaves it dirty, so the next tick re-signs.
   */
  accepted(receipt: Receipt): void {
    const tally = this.tallies.get(receipt.relay.toLowerCase());
    if (tally && tally.bytes === receipt.bytes && tally.segments === receipt.segments) {
      tally.dirty = false;
    }
  }

  /** The relays and their counts so far (copies). */
  tally(): RelayTally[] {
    return [...this.tallies.values()].map((t) => ({ ...t }));
  }
}
