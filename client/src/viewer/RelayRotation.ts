/**
 * Which relay the viewer uses: the session's list (or the caller's), minus relays caught
 * serving bad bytes; a failing relay passes the turn to the next one.
 */
import { PartVerificationError } from "@streamrp2p/protocol/viewer/verify-part";
import { SegmentVerificationError } from "@streamrp2p/protocol/viewer/verify-segment";
import type { FailoverEvent, ViewerRelay } from "./ViewerEvents.ts";

export class RelayRotation {
  private relays: readonly ViewerRelay[] = [];
  private readonly banned = new Set<string>();
  private index = 0;

  /** Starts over with a new list (a new session). */
  reset(relays: readonly ViewerRelay[]): void {
    this.relays = relays;
    this.banned.clear();
    this.index = 0;
  }

  usable(): ViewerRelay[] {
    return this.relays.filter((r) => !this.banned.has(r.url));
  }

  /** The relay to use now, if any is left. */
  get current(): ViewerRelay | undefined {
    const relays = this.usable();
    return relays[this.index % Math.max(relays.length, 1)];
  }

  /** Moves off `from` after `error`: a tampering relay is banned, others just lose their turn. */
  failover(from: ViewerRelay, error: Error): FailoverEvent {
    const tampered =
      error instanceof SegmentVerificationError || error instanceof PartVerificationError;
    if (tampered) this.banned.add(from.url);
    else this.index++;
    return { from, to: this.current, reason: error.message, tampered };
  }
}
