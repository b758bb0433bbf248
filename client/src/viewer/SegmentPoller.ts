/**
 * The polling job of a viewer: reloads a relay's live playlist (LL-HLS blocking reloads when
 * it can), downloads each new segment and verifies it before handing it on (and so before
 * it is counted in a receipt): the segment URI is on the relay's own origin (checked before
 * fetching), the bytes match the origin-signed manifest entry, and the relay's delivery
 * statement for the entry is signed by the relay's key. State: the next sequence and the
 * verified entries around it.
 */
import type { Address, Hex, TypedDataDomain } from "viem";
import { liveManifest, type SignedManifestEntry } from "@streamrp2p/protocol/api";
import { parsePlaylist } from "@streamrp2p/protocol/viewer/parse-playlist";
import {
  assertDeliveryStatement,
  assertManifestEntry,
  assertSameOrigin,
  assertSegmentBytes,
} from "@streamrp2p/protocol/viewer/verify-segment";
import { ViewerRequestError } from "../errors/ViewerRequestError.ts";
import { relayRequest } from "./relayRequest.ts";
import type { SegmentEvent, ViewerRelay } from "./ViewerEvents.ts";

export interface SegmentPollerDeps {
  fetch: typeof globalThis.fetch;
  now: () => number;
  streamId: Hex;
  domain: TypedDataDomain;
  requestTimeoutMs: number;
  /** How long a relay may hold a blocking reload; 0 disables them. */
  blockMs: number;
  /** How many segments behind the live edge to start. */
  startBehind: number;
}

export class SegmentPoller {
  private readonly deps: SegmentPollerDeps;
  private readonly entries = new Map<number, SignedManifestEntry>();
  private nextSequence: number | undefined;

  constructor(deps: SegmentPollerDeps) {
    this.deps = deps;
  }

  /**
   * One playlist reload from `relay` and every new segment in it, verified, passed to
   * `onSegment` in order; resolves to how many arrived.
   */
  async poll(
    relay: ViewerRelay,
    {
      sessionId,
      originAddress,
      signal,
      onSegment,
    }: {
      sessionId: string | undefined;
      originAddress: Address;
      signal: AbortSignal;
      onSegment: (segment: SegmentEvent) => void;
    },
  ): Promise<number> {
    const { fetch, now, streamId, requestTimeoutMs: timeoutMs, blockMs } = this.deps;
    const streamBase = `${relay.url.replace(/\/$/, "")}/streams/${streamId}/`;
    const playlistUrl = `${streamBase}index.m3u8`;
    const query = new URLSearchParams();
    if (sessionId) query.set("session", sessionId);
    if (this.nextSequence !== undefined && blockMs > 0) {
      query.set("_HLS_msn", String(this.nextSequence));
      query.set("_block_ms", String(blockMs));
    }
    const search = query.size > 0 ? `?${query}` : "";
    const response = await relayRequest(fetch, playlistUrl + search, {
      signal,
      timeoutMs,
      extraMs: blockMs,
    });
    const playlist = parsePlaylist(await response.text());
    const last = playlist.segments.at(-1);
    if (!last) return 0;
    const first = playlist.segments[0]!.sequence;
    if (this.nextSequence === undefined) {
      this.nextSequence = Math.max(first, last.sequence - this.deps.startBehind);
    } else if (this.nextSequence < first) {
      this.nextSequence = first;
    }
    let received = 0;
    for (const segment of playlist.segments) {
      if (segment.sequence < this.nextSequence) continue;
      const entry = await this.entryFor(streamBase, segment.sequence, originAddress, signal);
      const started = now();
      const url = new URL(segment.uri, playlistUrl).toString();
      assertSameOrigin(url, relay.url, segment.sequence);
      const segmentResponse = await relayRequest(fetch, url, { signal, timeoutMs });
      const bytes = new Uint8Array(await segmentResponse.arrayBuffer());
      await assertSegmentBytes(entry, bytes);
      const statement = segmentResponse.headers.get("x-delivery-statement");
      await assertDeliveryStatement(entry, statement, {
        relayAddress: relay.address,
        domain: this.deps.domain,
      });
      this.nextSequence = segment.sequence + 1;
      for (const sequence of this.entries.keys()) {
        if (sequence < segment.sequence - 64) this.entries.delete(sequence);
      }
      onSegment({
        sequence: segment.sequence,
        bytes,
        entry,
        relay,
        deliveryStatement: statement as Hex,
        fetchMs: now() - started,
        programDateTime: segment.programDateTime,
      });
      received++;
    }
    return received;
  }

  /** The origin-signed entry for `sequence`, fetched from the relay and verified once. */
  private async entryFor(
    streamBase: string,
    sequence: number,
    originAddress: Address,
    signal: AbortSignal,
  ): Promise<SignedManifestEntry> {
    const known = this.entries.get(sequence);
    if (known) return known;
    const url = `${streamBase}manifest.json`;
    const response = await relayRequest(this.deps.fetch, url, {
      signal,
      timeoutMs: this.deps.requestTimeoutMs,
    });
    const manifest = liveManifest.parse(await response.json());
    for (const { entry } of manifest.segments) {
      if (this.entries.has(entry.sequence) || entry.sequence < sequence) continue;
      await assertManifestEntry(entry, {
        originAddress,
        streamId: this.deps.streamId,
        domain: this.deps.domain,
      });
      this.entries.set(entry.sequence, entry);
    }
    const entry = this.entries.get(sequence);
    if (!entry) throw new ViewerRequestError(url, `no entry for segment ${sequence}`);
    return entry;
  }
}
