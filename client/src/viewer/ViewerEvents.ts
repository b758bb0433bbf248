/** What a viewer reports while it watches: its session, segments, failovers, receipts, errors. */
import type { Address, Hex } from "viem";
import type {
  CreateSessionResponse,
  SignedManifestEntry,
  SignedPartEntry,
} from "@streamrp2p/protocol/api";
import type { SignedReceipt } from "@streamrp2p/protocol/receipt";

export interface ViewerRelay {
  address: Address;
  url: string;
  tier: number;
}

export interface SegmentEvent {
  sequence: number;
  bytes: Uint8Array;
  entry: SignedManifestEntry;
  relay: ViewerRelay;
  /**
   * The relay's delivery statement (header x-delivery-statement), verified against its key;
   * undefined only for an unpaid session played from the fallback source (the origin signs none).
   */
  deliveryStatement: Hex | undefined;
  /** Time to download the segment, ms. */
  fetchMs: number;
  /** Wall-clock time of the segment's first frame (EXT-X-PROGRAM-DATE-TIME), ms, if listed. */
  programDateTime: number | undefined;
}

/** An LL-HLS part of the segment in progress, verified against its origin-signed part entry. */
export interface PartEvent {
  sequence: number;
  part: number;
  bytes: Uint8Array;
  entry: SignedPartEntry;
  relay: ViewerRelay;
  /** Time to download the part, ms. */
  fetchMs: number;
}

export interface FailoverEvent {
  from: ViewerRelay;
  to: ViewerRelay | undefined;
  reason: string;
  /** True when the relay served bytes or entries that failed verification. */
  tampered: boolean;
}

export interface ReceiptEvent {
  /** The relay base URL the receipt was posted to. */
  url: string;
  receipt: SignedReceipt;
  /** True when the relay answered 202. */
  accepted: boolean;
  /** Why it was not accepted (HTTP status or network error). */
  error: string | undefined;
}

export interface ViewerEvents {
  session: CreateSessionResponse;
  segment: SegmentEvent;
  part: PartEvent;
  failover: FailoverEvent;
  receipt: ReceiptEvent;
  error: Error;
}

export type ViewerEmit = <K extends keyof ViewerEvents>(event: K, payload: ViewerEvents[K]) => void;
