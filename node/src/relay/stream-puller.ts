/**
 * Pulls one stream from upstream (origin or relay): polls its manifest, verifies each new
 * segment (origin signature over the entry, checked against the origin's public key once the
 * first entry recovered it; SHA-256 of the bytes) before caching it, and on a
 * failure or a mismatch tries the next upstream. LL-HLS parts move the same way, each verified
 * against its origin-signed part entry, as soon as the upstream lists them (the manifest
 * request blocks on `_HLS_msn`/`_HLS_part`); a segment whose parts are all held is assembled
 * from them and checked against its entry instead of downloaded again. Verified segments get the relay's delivery
 * statement signed once, here, never per request, and only after `checkOrigin` confirmed that
 * the key which signed the entry is the stream's on-chain origin signer for that sequence.
 */
import type { Logger } from "pino";
import type { LocalAccount, TypedDataDomain } from "viem";
import { liveManifest, type LivePart, type LiveSegment } from "@streamrp2p/protocol/api";
import { deliveryStatementTypes } from "@streamrp2p/protocol/eip712";
import { toDeliveryStatement } from "@streamrp2p/protocol/viewer/manifest-entry";
import { OriginSignatureVerifier } from "@streamrp2p/protocol/viewer/origin-signature-verifier";
import {
  SegmentVerificationError,
  assertManifestEntry,
  assertSegmentBytes,
} from "@streamrp2p/protocol/viewer/verify-segment";
import {
  PartVerificationError,
  assertPartBytes,
  assertPartEntry,
} from "@streamrp2p/protocol/viewer/verify-part";
import { partHeaders, segmentHeaders, type SegmentStore } from "../hls/segment-store.ts";
import type { FetchLogEntry } from "./fetch-log.ts";
import type { OriginCheckRefusal, OriginCheckResult } from "./origin-signer-check.ts";

export interface PullerDeps {
  streamId: `0x${string}`;
  originAddress: `0x${string}`;
  upstreams: readonly string[];
  store: SegmentStore;
  account: LocalAccount;
  domain: TypedDataDomain;
  logger: Logger;
  fetch: typeof fetch;
  onFetched: (entry: FetchLogEntry) => void;
  /** The origin entry of a segment now served with this relay's signed statement. */
  onStatementServed?: (entry: LiveSegment["entry"]) => void;
  /** Whether the stream's on-chain origin signer at `sequence` is `originAddress`. */
  checkOrigin: (sequence: number) => Promise<OriginCheckResult>;
  now: () => number;
  /** TEST ONLY: serve altered bytes after verification. */
  tamper?: boolean;
  timeoutMs?: number;
  /** Aborts in-flight requests when the relay stops. */
  signal?: AbortSignal;
}

export interface PullerStats {
  fetched: number;
  rejected: number;
  upstreamErrors: number;
  upstream: string;
  /** Why the last segment was refused before a statement was signed, null when it was not. */
  originCheck: OriginCheckRefusal | null;
}

const PRIMARY_RETRY_MS = 3000;
/** How long an upstream may hold a blocking manifest request. */
const BLOCK_MS = 2000;
const TAMPER_BAN_MS = 60_000;

export class UpstreamError extends Error {
  override readonly name = "UpstreamError";
}

export class StreamPuller {
  readonly stats: PullerStats;
  private readonly deps: PullerDeps;
  private current = 0;
  /** When on a fallback upstream, when to try the first (preferred) one again. */
  private retryPrimaryAt = 0;
  /** Upstreams that served tampered bytes are not preferred again for a while. */
  private readonly bannedUntil = new Map<string, number>();
  /** Holds the origin's public key once its first entry verified: later entries skip recovery. */
  private readonly verifier = new OriginSignatureVerifier();

  constructor(deps: PullerDeps) {
    this.deps = deps;
    this.stats = {
      fetched: 0,
      rejected: 0,
      upstreamErrors: 0,
      upstream: deps.upstreams[0]!,
      originCheck: null,
    };
  }

  /**
   * One poll: fetch the upstream manifest and every new segment in it; returns how many
   * segments it stored. The manifest request blocks upstream (`_HLS_msn`) until the next
   * segment exists, so a segment moves down the tree as soon as it is verified.
   */
  async poll(): Promise<number> {
    const { streamId, store, upstreams, logger: log } = this.deps;
    let segments: LiveSegment[];
    if (this.current % upstreams.length !== 0 && this.deps.now() >= this.retryPrimaryAt)
      this.switchTo(0);
    const upstream = upstreams[this.current % upstreams.length]!;
    const at = store.position(streamId);
    const next =
      at === undefined
        ? undefined
        : Number.isFinite(at.part)
          ? { sequence: at.sequence, part: at.part + 1 }
          : { sequence: at.sequence + 1, part: 0 };
    const blocking =
      next === undefined
        ? ""
        : `?_HLS_msn=${next.sequence}&_HLS_part=${next.part}&_block_ms=${BLOCK_MS}`;
    let parts: LivePart[];
    try {
      const manifest = liveManifest.parse(
        await this.getJson(
          `${upstream}/streams/${streamId}/manifest.json${blocking}`,
          BLOCK_MS + (this.deps.timeoutMs ?? 3000),
        ),
      );
      segments = manifest.segments;
      parts = manifest.parts ?? [];
    } catch (error) {
      this.stats.upstreamErrors++;
      this.switchTo(this.current + 1);
      log.debug(
        { err: error, upstream },
        "upstream manifest unavailable; trying the next upstream",
      );
      return 0;
    }
    let stored = 0;
    for (const live of segments) {
      const last = store.lastSequence(streamId);
      if (last !== undefined && live.entry.sequence <= last) continue;
      if (!(await this.fetchVerified(live))) break;
      stored++;
    }
    for (const live of parts) {
      const { sequence, part } = live.entry;
      const last = store.lastSequence(streamId);
      if (last !== undefined && sequence <= last) continue;
      const held = store.partsOf(streamId, sequence).length;
      if (part < held) continue;
      if (part > held || !(await this.fetchVerifiedPart(live))) break;
      stored++;
    }
    return stored;
  }

  /** Fetches one part from the current upstream and stores it if the origin signed exactly it. */
  private async fetchVerifiedPart(live: LivePart): Promise<boolean> {
    const { streamId, originAddress, domain, upstreams, logger: log } = this.deps;
    const { entry } = live;
    const upstream = upstreams[this.current % upstreams.length]!;
    const bytes = this.getBytes(
      `${upstream}/streams/${streamId}/${entry.sequence}.${entry.part}.ts`,
    );
    bytes.catch(() => {});
    try {
      await assertPartEntry(entry, { originAddress, streamId, domain, verifier: this.verifier });
      const verdict = await this.deps.checkOrigin(entry.sequence);
      if (!verdict.ok) {
        this.stats.originCheck = verdict.reason;
        return false;
      }
      const received = await bytes;
      await assertPartBytes(entry, received);
      let served = received;
      if (this.deps.tamper) served = tampered(received);
      return this.deps.store.addPart({ live, bytes: served, headers: partHeaders(live) });
    } catch (error) {
      if (error instanceof PartVerificationError) {
        this.stats.rejected++;
        if (error.reason === "hash" || error.reason === "size")
          this.bannedUntil.set(upstream, this.deps.now() + TAMPER_BAN_MS);
        log.warn(
          { sequence: entry.sequence, part: entry.part, upstream, reason: error.reason },
          "TAMPERED: upstream served a part that does not match the origin-signed part entry; dropped",
        );
        this.switchTo(this.current + 1);
      } else {
        this.stats.upstreamErrors++;
        log.debug({ err: error, sequence: entry.sequence, part: entry.part }, "part fetch failed");
      }
      return false;
    }
  }

  /** The segment from the parts held of it, when they add up to it; undefined otherwise. */
  private assembled(live: LiveSegment): Buffer | undefined {
    const parts = this.deps.store.partsOf(this.deps.streamId, live.entry.sequence);
    if (parts.length === 0) return undefined;
    const chunks: Buffer[] = [];
    for (const part of parts) {
      const stored = this.deps.store.part(this.deps.streamId, part.entry.sequence, part.entry.part);
      if (!stored) return undefined;
      chunks.push(stored.bytes);
    }
    const bytes = Buffer.concat(chunks);
    return bytes.length === live.entry.size && !this.deps.tamper ? bytes : undefined;
  }

  /**
   * Tries each upstream (current first) until one serves the segment intact. The first
   * download starts at once and the entry's signature is checked (and the delivery statement
   * signed) while the bytes arrive: the CPU work overlaps the network instead of adding to it.
   */
  private async fetchVerified(live: LiveSegment): Promise<boolean> {
    const { streamId, originAddress, domain, upstreams, logger: log } = this.deps;
    const { entry } = live;
    const segmentUrl = (upstream: string) => `${upstream}/streams/${streamId}/${entry.sequence}.ts`;
    const fromParts = this.assembled(live);
    const first = fromParts
      ? Promise.resolve(fromParts)
      : this.getBytes(segmentUrl(upstreams[this.current % upstreams.length]!));
    first.catch(() => {});
    try {
      await assertManifestEntry(entry, {
        originAddress,
        streamId,
        domain,
        verifier: this.verifier,
      });
    } catch (error) {
      this.stats.rejected++;
      log.warn(
        { err: error, sequence: entry.sequence, upstream: this.stats.upstream },
        "upstream sent a manifest entry the origin did not sign; dropped",
      );
      this.switchTo(this.current + 1);
      return false;
    }
    const verdict = await this.deps.checkOrigin(entry.sequence);
    if (!verdict.ok) {
      if (this.stats.originCheck !== verdict.reason)
        log.warn(
          {
            sequence: entry.sequence,
            reason: verdict.reason,
            expected: originAddress,
            onChain: verdict.onChain,
            error: verdict.error,
          },
          "not carrying the segment: the stream's on-chain origin signer was not confirmed",
        );
      this.stats.originCheck = verdict.reason;
      return false;
    }
    if (this.stats.originCheck !== null) log.info("on-chain origin signer confirmed again");
    this.stats.originCheck = null;
    const statement = await this.signStatement(live);
    for (let attempt = 0; attempt < upstreams.length + (fromParts ? 1 : 0); attempt++) {
      // With the segment assembled from verified parts, attempt 0 is that and no download.
      const shift = fromParts ? Math.max(0, attempt - 1) : attempt;
      const upstream = upstreams[(this.current + shift) % upstreams.length]!;
      const url = segmentUrl(upstream);
      try {
        const bytes = await (attempt === 0 ? first : this.getBytes(url));
        await assertSegmentBytes(entry, bytes);
        this.store(live, bytes, statement);
        this.deps.onFetched({
          streamId,
          sequence: entry.sequence,
          hash: entry.hash,
          from: upstream,
          at: this.deps.now(),
        });
        this.stats.fetched++;
        if (shift > 0) this.switchTo(this.current + shift);
        return true;
      } catch (error) {
        if (error instanceof SegmentVerificationError) {
          this.stats.rejected++;
          this.bannedUntil.set(upstream, this.deps.now() + TAMPER_BAN_MS);
          log.warn(
            { sequence: entry.sequence, upstream, reason: error.reason, expected: entry.hash },
            "TAMPERED: upstream served bytes that do not match the origin-signed entry; dropped",
          );
        } else {
          this.stats.upstreamErrors++;
          log.debug({ err: error, url }, "segment fetch failed");
        }
      }
    }
    return false;
  }

  private isBanned(upstream: string): boolean {
    return (this.bannedUntil.get(upstream) ?? 0) > this.deps.now();
  }

  private switchTo(index: number): void {
    const { upstreams } = this.deps;
    const next = index % upstreams.length;
    if (next !== 0 && this.current % upstreams.length === 0)
      this.retryPrimaryAt = this.deps.now() + PRIMARY_RETRY_MS;
    this.current = next;
    this.stats.upstream = upstreams[next]!;
  }

  private signStatement(live: LiveSegment): Promise<`0x${string}`> {
    const { account, domain } = this.deps;
    return account.signTypedData({
      domain,
      types: deliveryStatementTypes,
      primaryType: "DeliveryStatement",
      message: toDeliveryStatement(live.entry),
    });
  }

  private store(live: LiveSegment, bytes: Buffer, statement: `0x${string}`): void {
    const served = this.deps.tamper ? tampered(bytes) : bytes;
    this.deps.store.add({
      live,
      bytes: served,
      headers: segmentHeaders(live, { "x-delivery-statement": statement }),
    });
    this.deps.onStatementServed?.(live.entry);
  }

  private async getJson(url: string, timeoutMs?: number): Promise<unknown> {
    const response = await this.get(url, timeoutMs);
    return response.json();
  }

  private async getBytes(url: string): Promise<Buffer> {
    const response = await this.get(url);
    return Buffer.from(await response.arrayBuffer());
  }

  private async get(url: string, timeoutMs = this.deps.timeoutMs ?? 3000): Promise<Response> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = this.deps.signal ? AbortSignal.any([timeout, this.deps.signal]) : timeout;
    const response = await this.deps.fetch(url, { signal });
    if (!response.ok) {
      await response.body?.cancel();
      throw new UpstreamError(`${url}: HTTP ${response.status}`);
    }
    return response;
  }
}

/** TEST ONLY (--test-tamper): the bytes with one flipped in the middle. */
function tampered(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  copy[copy.length >> 1] = copy[copy.length >> 1]! ^ 0xff;
  return copy;
}
