/**
 * The viewer client: opens a session with the coordinator, polls the live playlist from its
 * relay, downloads each new segment, verifies it against the origin-signed manifest entry and
 * fails over to the next relay when one dies, stalls or serves bad bytes. Every few seconds it signs
 * a cumulative receipt per relay it received bytes from (session key: ECDSA P-256, registered
 * with the session) and posts it to that relay's `POST /receipts`.
 * Browser- and Node-compatible: fetch, WebCrypto and viem only.
 */
import type { Address, Hex, TypedDataDomain } from "viem";
import {
  createSessionResponse,
  liveManifest,
  streamInfo,
  type CreateSessionResponse,
  type SignedManifestEntry,
} from "../api.ts";
import { createSessionKey, signReceipt, type SessionKey, type SignedReceipt } from "../receipt.ts";
import { parsePlaylist } from "./parse-playlist.ts";
import { ReceiptAccumulator } from "./receipt-accumulator.ts";
import {
  SegmentVerificationError,
  assertManifestEntry,
  assertSegmentBytes,
} from "./verify-segment.ts";

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
  /** The relay's signed delivery statement (header x-delivery-statement), if it sent one. */
  deliveryStatement: Hex | undefined;
  /** Time to download the segment, ms. */
  fetchMs: number;
  /** Wall-clock time of the segment's first frame (EXT-X-PROGRAM-DATE-TIME), ms, if listed. */
  programDateTime: number | undefined;
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
  failover: FailoverEvent;
  receipt: ReceiptEvent;
  error: Error;
}

export interface ViewerOptions {
  coordinatorUrl: string;
  streamId: Hex;
  /** relayStakingDomain(chainId, stakingAddress): the domain manifest entries are signed in. */
  domain: TypedDataDomain;
  /** The stream's origin key; fetched from the coordinator (GET /v1/streams/:id) when absent. */
  originAddress?: Address;
  fetch?: typeof fetch;
  /** Per-request timeout; a relay that does not answer in time is failed over. Default 2000. */
  requestTimeoutMs?: number;
  /** Playlist poll interval, ms. Default 500. */
  pollIntervalMs?: number;
  /**
   * How long a relay may hold a blocking playlist reload (LL-HLS `_HLS_msn`) before answering;
   * 0 disables blocking reloads. Default 1000.
   */
  blockMs?: number;
  /** How many segments behind the live edge to start. Default 2. */
  startBehind?: number;
  viewerAddress?: Address;
  /** Relays to use instead of (in place of) the session's list, e.g. a relay URL the user chose. */
  relays?: ViewerRelay[];
  /** How often receipts are signed and posted to the relays, ms; 0 disables receipts. Default 2000. */
  receiptIntervalMs?: number;
}

export class ViewerRequestError extends Error {
  override readonly name = "ViewerRequestError";
  readonly url: string;
  readonly status: number | undefined;
  constructor(url: string, message: string, status?: number, options?: ErrorOptions) {
    super(`${url}: ${message}`, options);
    this.url = url;
    this.status = status;
  }
}

type Listener<T> = (event: T) => void;

export class ViewerClient {
  readonly streamId: Hex;
  session: CreateSessionResponse | undefined;
  /** The session's ephemeral P-256 key pair (receipts are signed with it). */
  keyPair: CryptoKeyPair | undefined;
  /** Cumulative per-relay counts of the current session (what the receipts state). */
  receipts: ReceiptAccumulator | undefined;
  readonly stats = {
    segments: 0,
    bytes: 0,
    failovers: 0,
    rejected: 0,
    receiptsAccepted: 0,
    receiptsFailed: 0,
  };

  private readonly options: ViewerOptions;
  private readonly fetchImpl: typeof fetch;
  private readonly listeners: { [K in keyof ViewerEvents]: Set<Listener<ViewerEvents[K]>> } = {
    session: new Set(),
    segment: new Set(),
    failover: new Set(),
    receipt: new Set(),
    error: new Set(),
  };
  private readonly entries = new Map<number, SignedManifestEntry>();
  private readonly banned = new Set<string>();
  private relayIndex = 0;
  private nextSequence: number | undefined;
  private originAddress: Address | undefined;
  private controller = new AbortController();
  private running: Promise<void> | undefined;
  private sessionKey: SessionKey | undefined;
  private receiptTimer: ReturnType<typeof setInterval> | undefined;
  private sendingReceipts: Promise<void> | undefined;

  constructor(options: ViewerOptions) {
    this.options = options;
    this.streamId = options.streamId;
    this.originAddress = options.originAddress;
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  on<K extends keyof ViewerEvents>(event: K, listener: Listener<ViewerEvents[K]>): this {
    this.listeners[event].add(listener);
    return this;
  }

  off<K extends keyof ViewerEvents>(event: K, listener: Listener<ViewerEvents[K]>): this {
    this.listeners[event].delete(listener);
    return this;
  }

  /** The relay currently used, if any. */
  get relay(): ViewerRelay | undefined {
    const relays = this.usableRelays();
    return relays[this.relayIndex % Math.max(relays.length, 1)];
  }

  /** Starts watching; resolves once the session is open. */
  async start(): Promise<void> {
    await this.openSession();
    this.running = this.loop();
    const interval = this.options.receiptIntervalMs ?? 2000;
    if (interval > 0) {
      this.receiptTimer = setInterval(() => void this.sendReceipts(), interval);
    }
  }

  /** Stops watching and posts the last receipts (once, best effort). */
  async stop(): Promise<void> {
    this.controller.abort();
    clearInterval(this.receiptTimer);
    await this.running;
    if ((this.options.receiptIntervalMs ?? 2000) > 0) await this.sendReceipts();
  }

  /**
   * Signs and posts one receipt per relay whose counts changed since it last accepted one.
   * A failed post is retried at the next tick with a fresh (still cumulative) receipt.
   */
  sendReceipts(): Promise<void> {
    this.sendingReceipts ??= this.postDueReceipts(this.receipts).finally(
      () => (this.sendingReceipts = undefined),
    );
    return this.sendingReceipts;
  }

  private async postDueReceipts(receipts: ReceiptAccumulator | undefined): Promise<void> {
    const key = this.sessionKey;
    if (!receipts || !key) return;
    await Promise.all(
      receipts.due(Date.now()).map(async ({ url, receipt }) => {
        const signed: SignedReceipt = {
          ...receipt,
          signature: await signReceipt(key.keyPair.privateKey, receipt),
        };
        let error: string | undefined;
        try {
          const response = await this.fetchImpl(`${url.replace(/\/$/, "")}/receipts`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(signed),
            signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 2000),
          });
          await response.body?.cancel();
          if (response.status !== 202) error = `HTTP ${response.status}`;
        } catch (cause) {
          error = asError(cause).message;
        }
        if (error === undefined) {
          receipts.accepted(receipt);
          this.stats.receiptsAccepted++;
        } else {
          this.stats.receiptsFailed++;
        }
        this.emit("receipt", { url, receipt: signed, accepted: error === undefined, error });
      }),
    );
  }

  private emit<K extends keyof ViewerEvents>(event: K, payload: ViewerEvents[K]): void {
    for (const listener of this.listeners[event]) listener(payload);
  }

  private usableRelays(): ViewerRelay[] {
    return (this.options.relays ?? this.session?.relays ?? []).filter(
      (r) => !this.banned.has(r.url),
    );
  }

  private async openSession(): Promise<void> {
    const base = this.options.coordinatorUrl.replace(/\/$/, "");
    if (!this.originAddress) {
      const info = streamInfo.parse(await this.getJson(`${base}/v1/streams/${this.streamId}`));
      this.originAddress = info.originAddress;
    }
    this.sessionKey ??= await createSessionKey();
    this.keyPair = this.sessionKey.keyPair;
    const body: Record<string, string> = {
      streamId: this.streamId,
      viewerPublicKey: this.sessionKey.publicKey,
    };
    if (this.options.viewerAddress) body.viewerAddress = this.options.viewerAddress;
    const response = await this.request(`${base}/v1/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const session = createSessionResponse.parse(await response.json());
    // The previous session's last receipts still go out (they are signed under its id).
    if (this.receipts) void this.postDueReceipts(this.receipts);
    this.session = session;
    this.receipts = new ReceiptAccumulator(session.sessionId, this.streamId);
    this.banned.clear();
    this.relayIndex = 0;
    this.emit("session", this.session);
  }

  private async loop(): Promise<void> {
    const signal = this.controller.signal;
    let consecutiveFailures = 0;
    while (!signal.aborted) {
      const relay = this.relay;
      if (!relay) {
        this.emit(
          "error",
          new Error("no usable relay left; asking the coordinator for a new session"),
        );
        await sleep(this.options.pollIntervalMs ?? 500, signal);
        await this.openSession().catch((error: unknown) => this.emit("error", asError(error)));
        continue;
      }
      try {
        const started = Date.now();
        const received = await this.pollOnce(relay);
        consecutiveFailures = 0;
        // A blocking reload returns as soon as a segment exists: poll again at once after news.
        if (received === 0) {
          const interval = this.options.pollIntervalMs ?? 500;
          await sleep(Math.max(0, interval - (Date.now() - started)), signal);
        }
      } catch (error) {
        if (signal.aborted) break;
        consecutiveFailures++;
        this.failover(relay, asError(error));
        if (consecutiveFailures >= Math.max(this.usableRelays().length, 1)) {
          await sleep(Math.min(100 * consecutiveFailures, 1000), signal);
        }
      }
    }
  }

  private failover(from: ViewerRelay, error: Error): void {
    const tampered = error instanceof SegmentVerificationError;
    if (tampered) {
      this.stats.rejected++;
      this.banned.add(from.url);
    } else {
      this.relayIndex++;
    }
    this.stats.failovers++;
    this.emit("failover", { from, to: this.relay, reason: error.message, tampered });
  }

  /** One playlist reload and the new segments in it; returns how many were received. */
  private async pollOnce(relay: ViewerRelay): Promise<number> {
    const streamBase = `${relay.url.replace(/\/$/, "")}/streams/${this.streamId}/`;
    const playlistUrl = `${streamBase}index.m3u8`;
    const query = new URLSearchParams();
    if (this.session) query.set("session", this.session.sessionId);
    const blockMs = this.options.blockMs ?? 1000;
    if (this.nextSequence !== undefined && blockMs > 0) {
      query.set("_HLS_msn", String(this.nextSequence));
      query.set("_block_ms", String(blockMs));
    }
    const search = query.size > 0 ? `?${query}` : "";
    const response = await this.request(playlistUrl + search, {}, blockMs);
    const playlist = parsePlaylist(await response.text());
    const last = playlist.segments.at(-1);
    if (!last) return 0;
    const first = playlist.segments[0]!.sequence;
    if (this.nextSequence === undefined) {
      this.nextSequence = Math.max(first, last.sequence - (this.options.startBehind ?? 2));
    } else if (this.nextSequence < first) {
      this.nextSequence = first;
    }
    let received = 0;
    for (const segment of playlist.segments) {
      if (segment.sequence < this.nextSequence) continue;
      const entry = await this.entryFor(streamBase, segment.sequence);
      const started = Date.now();
      const url = new URL(segment.uri, playlistUrl).toString();
      const response = await this.request(url);
      const bytes = new Uint8Array(await response.arrayBuffer());
      await assertSegmentBytes(entry, bytes);
      const statement = response.headers.get("x-delivery-statement");
      this.nextSequence = segment.sequence + 1;
      for (const sequence of this.entries.keys()) {
        if (sequence < segment.sequence - 64) this.entries.delete(sequence);
      }
      this.stats.segments++;
      this.stats.bytes += bytes.byteLength;
      this.receipts?.record(relay.address, relay.url, bytes.byteLength, segment.sequence);
      this.emit("segment", {
        sequence: segment.sequence,
        bytes,
        entry,
        relay,
        deliveryStatement: statement ? (statement as Hex) : undefined,
        fetchMs: Date.now() - started,
        programDateTime: segment.programDateTime,
      });
      received++;
    }
    return received;
  }

  /** The origin-signed entry for `sequence`, fetched from the relay and verified once. */
  private async entryFor(streamBase: string, sequence: number): Promise<SignedManifestEntry> {
    const known = this.entries.get(sequence);
    if (known) return known;
    const manifest = liveManifest.parse(await this.getJson(`${streamBase}manifest.json`));
    for (const { entry } of manifest.segments) {
      if (this.entries.has(entry.sequence) || entry.sequence < sequence) continue;
      await assertManifestEntry(entry, {
        originAddress: this.originAddress!,
        streamId: this.streamId,
        domain: this.options.domain,
      });
      this.entries.set(entry.sequence, entry);
    }
    const entry = this.entries.get(sequence);
    if (!entry)
      throw new ViewerRequestError(
        `${streamBase}manifest.json`,
        `no entry for segment ${sequence}`,
      );
    return entry;
  }

  private async getJson(url: string): Promise<unknown> {
    return (await this.request(url)).json();
  }

  /** A request with the per-request timeout (plus `extraMs` for a blocking reload). */
  private async request(url: string, init: RequestInit = {}, extraMs = 0): Promise<Response> {
    const signal = AbortSignal.any([
      this.controller.signal,
      AbortSignal.timeout((this.options.requestTimeoutMs ?? 2000) + extraMs),
    ]);
    let response: Response;
    try {
      response = await this.fetchImpl(url, { ...init, signal });
    } catch (cause) {
      throw new ViewerRequestError(url, `request failed (${asError(cause).message})`, undefined, {
        cause,
      });
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new ViewerRequestError(url, `HTTP ${response.status}`, response.status);
    }
    return response;
  }
}

export function createViewer(options: ViewerOptions): ViewerClient {
  return new ViewerClient(options);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
