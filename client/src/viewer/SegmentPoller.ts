/**
 * The polling job of a viewer: reloads a relay's live playlist (LL-HLS blocking reloads when
 * it can), downloads each new segment and verifies it before handing it on (and so before
 * it is counted in a receipt): the segment URI is on the relay's own origin (checked before
 * fetching), the bytes match the origin-signed manifest entry, and the relay's delivery
 * statement for the entry is signed by the relay's key. Once at the live edge it takes the
 * LL-HLS parts of the segment in progress as the relay lists them (same origin, each verified
 * against its origin-signed part entry), and when that segment completes it is assembled from
 * them (checked against its entry) instead of downloaded again; its delivery statement then
 * comes from a HEAD request. State: the next sequence, its verified parts and the verified
 * entries.
 */
import type { Address, Hex, TypedDataDomain } from "viem";
import {
  liveManifest,
  type SignedManifestEntry,
  type SignedPartEntry,
} from "@streamrp2p/protocol/api";
import { OriginSignatureVerifier } from "@streamrp2p/protocol/viewer/origin-signature-verifier";
import { parsePlaylist } from "@streamrp2p/protocol/viewer/parse-playlist";
import { assertPartBytes, assertPartEntry } from "@streamrp2p/protocol/viewer/verify-part";
import {
  assertDeliveryStatement,
  assertManifestEntry,
  assertSameOrigin,
  assertSegmentBytes,
} from "@streamrp2p/protocol/viewer/verify-segment";
import { ViewerRequestError } from "../errors/ViewerRequestError.ts";
import { relayRequest } from "./relayRequest.ts";
import type { PartEvent, SegmentEvent, ViewerRelay } from "./ViewerEvents.ts";

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
  private readonly partEntries = new Map<string, SignedPartEntry>();
  private nextSequence: number | undefined;
  /** Verified parts of segment `nextSequence`, in order from part 0. */
  private parts: Uint8Array[] = [];
  /** The relay lists parts: block on them rather than on whole segments. */
  private lowLatency = false;
  /** Holds the origin's public key once its first entry verified: later entries skip recovery. */
  private readonly verifier = new OriginSignatureVerifier();

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
      unpaid = false,
      signal,
      onSegment,
      onPart,
    }: {
      sessionId: string | undefined;
      /** An unpaid session from the fallback source: nothing is counted, so no statement is needed. */
      unpaid?: boolean;
      originAddress: Address;
      signal: AbortSignal;
      onSegment: (segment: SegmentEvent) => void;
      onPart?: (part: PartEvent) => void;
    },
  ): Promise<number> {
    const { fetch, now, streamId, requestTimeoutMs: timeoutMs, blockMs } = this.deps;
    const streamBase = `${relay.url.replace(/\/$/, "")}/streams/${streamId}/`;
    const playlistUrl = `${streamBase}index.m3u8`;
    const query = new URLSearchParams();
    if (sessionId) query.set("session", sessionId);
    if (this.nextSequence !== undefined && blockMs > 0) {
      query.set("_HLS_msn", String(this.nextSequence));
      if (this.lowLatency) query.set("_HLS_part", String(this.parts.length));
      query.set("_block_ms", String(blockMs));
    }
    const search = query.size > 0 ? `?${query}` : "";
    const response = await relayRequest(fetch, playlistUrl + search, {
      signal,
      timeoutMs,
      extraMs: blockMs,
    });
    const playlist = parsePlaylist(await response.text());
    this.lowLatency = playlist.parts.length > 0;
    const last = playlist.segments.at(-1);
    if (!last) return 0;
    const first = playlist.segments[0]!.sequence;
    if (this.nextSequence === undefined) {
      this.nextSequence = Math.max(first, last.sequence - this.deps.startBehind);
    } else if (this.nextSequence < first) {
      this.nextSequence = first;
      this.parts = [];
    }
    let received = 0;
    for (const segment of playlist.segments) {
      if (segment.sequence < this.nextSequence) continue;
      const entry = await this.entryFor(streamBase, segment.sequence, originAddress, signal);
      const started = now();
      const url = new URL(segment.uri, playlistUrl).toString();
      assertSameOrigin(url, relay.url, segment.sequence);
      const assembled = this.assembled(segment.sequence, entry);
      let bytes: Uint8Array;
      let statement: string | null;
      const fromParts = assembled !== undefined && (await matches(entry, assembled));
      if (fromParts && unpaid) {
        bytes = assembled;
        statement = null;
      } else if (fromParts) {
        // The relay signs its delivery statement on the whole segment: a viewer that took the
        // parts asks for it without the body.
        bytes = assembled;
        const head = await relayRequest(fetch, url, {
          init: { method: "HEAD" },
          signal,
          timeoutMs,
        });
        statement = head.headers.get("x-delivery-statement");
      } else {
        const segmentResponse = await relayRequest(fetch, url, { signal, timeoutMs });
        bytes = new Uint8Array(await segmentResponse.arrayBuffer());
        await assertSegmentBytes(entry, bytes);
        statement = segmentResponse.headers.get("x-delivery-statement");
      }
      if (!unpaid)
        await assertDeliveryStatement(entry, statement, {
          relayAddress: relay.address,
          domain: this.deps.domain,
        });
      this.nextSequence = segment.sequence + 1;
      this.parts = [];
      for (const sequence of this.entries.keys()) {
        if (sequence < segment.sequence - 64) this.entries.delete(sequence);
      }
      // A segment downloaded whole whose parts the relay still lists: its parts too, cut at the
      // signed part sizes and checked, so a player that asks for them near the edge has them.
      if (!fromParts && onPart) {
        for (const part of await this.partsOf(segment.sequence, bytes, playlist.parts))
          onPart({ ...part, relay, fetchMs: 0 });
      }
      onSegment({
        sequence: segment.sequence,
        bytes,
        entry,
        relay,
        deliveryStatement: unpaid ? undefined : (statement as Hex),
        fetchMs: now() - started,
        programDateTime: segment.programDateTime,
      });
      received++;
    }
    // At the live edge: the parts of the segment in progress, in order.
    for (const listed of playlist.parts) {
      if (listed.sequence !== this.nextSequence || listed.part !== this.parts.length) continue;
      if (!onPart) break;
      const entry = await this.partEntryFor(
        streamBase,
        listed.sequence,
        listed.part,
        originAddress,
        signal,
      );
      const started = now();
      const url = new URL(listed.uri, playlistUrl).toString();
      assertSameOrigin(url, relay.url, listed.sequence);
      const partResponse = await relayRequest(fetch, url, { signal, timeoutMs });
      const bytes = new Uint8Array(await partResponse.arrayBuffer());
      await assertPartBytes(entry, bytes);
      this.parts.push(bytes);
      onPart({
        sequence: listed.sequence,
        part: listed.part,
        bytes,
        entry,
        relay,
        fetchMs: now() - started,
      });
      received++;
    }
    return received;
  }

  /** Segment `sequence` from its verified parts, if they add up to its size. */
  private assembled(sequence: number, entry: SignedManifestEntry): Uint8Array | undefined {
    if (sequence !== this.nextSequence || this.parts.length === 0) return undefined;
    const size = this.parts.reduce((sum, p) => sum + p.byteLength, 0);
    if (size !== entry.size) return undefined;
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const part of this.parts) {
      bytes.set(part, at);
      at += part.byteLength;
    }
    return bytes;
  }

  /** Verifies and keeps the part entries of segment `sequence` and later (a few segments back). */
  private async learnParts(
    parts: readonly { entry: SignedPartEntry }[],
    sequence: number,
    originAddress: Address,
  ): Promise<void> {
    for (const { entry } of parts) {
      const at = `${entry.sequence}.${entry.part}`;
      if (entry.sequence < sequence || this.partEntries.has(at)) continue;
      await assertPartEntry(entry, {
        originAddress,
        streamId: this.deps.streamId,
        domain: this.deps.domain,
        verifier: this.verifier,
      });
      this.partEntries.set(at, entry);
    }
    for (const at of this.partEntries.keys())
      if (Number(at.split(".")[0]) < sequence - 4) this.partEntries.delete(at);
  }

  /**
   * The listed parts of a verified segment, cut at their signed sizes and hash-checked; none
   * when an entry is missing or the sizes do not add up to the segment.
   */
  private async partsOf(
    sequence: number,
    bytes: Uint8Array,
    listed: readonly { sequence: number; part: number }[],
  ): Promise<Omit<PartEvent, "relay" | "fetchMs">[]> {
    const entries: SignedPartEntry[] = [];
    for (const part of listed) {
      if (part.sequence !== sequence) continue;
      const entry = this.partEntries.get(`${sequence}.${part.part}`);
      if (!entry || entry.part !== entries.length) return [];
      entries.push(entry);
    }
    if (entries.reduce((sum, e) => sum + e.size, 0) !== bytes.byteLength) return [];
    const parts: Omit<PartEvent, "relay" | "fetchMs">[] = [];
    let at = 0;
    for (const entry of entries) {
      const slice = bytes.subarray(at, at + entry.size);
      at += entry.size;
      await assertPartBytes(entry, slice);
      parts.push({ sequence, part: entry.part, bytes: slice, entry });
    }
    return parts;
  }

  /** The origin-signed entry of a part, fetched from the relay's manifest and verified once. */
  private async partEntryFor(
    streamBase: string,
    sequence: number,
    part: number,
    originAddress: Address,
    signal: AbortSignal,
  ): Promise<SignedPartEntry> {
    const key = `${sequence}.${part}`;
    const known = this.partEntries.get(key);
    if (known) return known;
    const url = `${streamBase}manifest.json`;
    const response = await relayRequest(this.deps.fetch, url, {
      signal,
      timeoutMs: this.deps.requestTimeoutMs,
    });
    const manifest = liveManifest.parse(await response.json());
    await this.learnParts(manifest.parts ?? [], sequence, originAddress);
    const entry = this.partEntries.get(key);
    if (!entry) throw new ViewerRequestError(url, `no entry for part ${key}`);
    return entry;
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
        verifier: this.verifier,
      });
      this.entries.set(entry.sequence, entry);
    }
    if (manifest.parts) await this.learnParts(manifest.parts, sequence, originAddress);
    const entry = this.entries.get(sequence);
    if (!entry) throw new ViewerRequestError(url, `no entry for segment ${sequence}`);
    return entry;
  }
}

/** Whether bytes are the segment `entry` describes (a mismatch just means: download it). */
async function matches(entry: SignedManifestEntry, bytes: Uint8Array): Promise<boolean> {
  try {
    await assertSegmentBytes(entry, bytes);
    return true;
  } catch {
    return false;
  }
}
