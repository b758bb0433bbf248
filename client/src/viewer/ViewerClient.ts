/**
 * The viewer: opens a session with the coordinator, then loops: poll the current relay's
 * playlist (SegmentPoller), fail over when a relay dies, stalls or serves bad bytes
 * (RelayRotation), and every few seconds sign and post the receipts (ReceiptSender). The
 * coordinator client, fetch and clock are dependencies; createViewer builds them from options.
 * Browser- and Node-compatible: fetch, WebCrypto and viem only.
 */
import type { Address, Hex, TypedDataDomain } from "viem";
import type { CreateSessionResponse } from "@streamrp2p/protocol/api";
import { createSessionKey, type SessionKey } from "@streamrp2p/protocol/receipt";
import type { CoordinatorClient } from "../coordinator/createCoordinatorClient.ts";
import { openViewerSession } from "./openViewerSession.ts";
import { ReceiptAccumulator } from "./ReceiptAccumulator.ts";
import { ReceiptSender } from "./ReceiptSender.ts";
import { RelayRotation } from "./RelayRotation.ts";
import { SegmentPoller } from "./SegmentPoller.ts";
import { sleep } from "./sleep.ts";
import type { ViewerEvents, ViewerRelay } from "./ViewerEvents.ts";

export interface ViewerClientDeps {
  coordinator: CoordinatorClient;
  fetch: typeof globalThis.fetch;
  /** Wall clock, ms since the epoch (receipt timestamps, poll pacing, fetch times). */
  now: () => number;
  streamId: Hex;
  /** relayStakingDomain(chainId, stakingAddress): the domain manifest entries are signed in. */
  domain: TypedDataDomain;
  /** The stream's origin key; asked from the coordinator when undefined. */
  originAddress: Address | undefined;
  viewerAddress: Address | undefined;
  /** Relays to use in place of the session's list, e.g. a relay URL the user chose. */
  relays: ViewerRelay[] | undefined;
  requestTimeoutMs: number;
  pollIntervalMs: number;
  blockMs: number;
  startBehind: number;
  /** How often receipts are signed and posted, ms; 0 disables receipts. */
  receiptIntervalMs: number;
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

  private readonly deps: ViewerClientDeps;
  private readonly listeners: { [K in keyof ViewerEvents]: Set<Listener<ViewerEvents[K]>> } = {
    session: new Set(),
    segment: new Set(),
    part: new Set(),
    failover: new Set(),
    receipt: new Set(),
    error: new Set(),
  };
  private readonly rotation = new RelayRotation();
  private readonly poller: SegmentPoller;
  private readonly sender: ReceiptSender;
  private originAddress: Address | undefined;
  private readonly controller = new AbortController();
  private running: Promise<void> | undefined;
  private sessionKey: SessionKey | undefined;
  private receiptTimer: ReturnType<typeof setInterval> | undefined;

  constructor(deps: ViewerClientDeps) {
    this.deps = deps;
    this.streamId = deps.streamId;
    this.originAddress = deps.originAddress;
    this.poller = new SegmentPoller(deps);
    this.sender = new ReceiptSender({
      fetch: deps.fetch,
      now: deps.now,
      timeoutMs: deps.requestTimeoutMs,
      emit: (event, payload) => {
        if (event === "receipt") {
          this.stats.receiptsAccepted = this.sender.stats.accepted;
          this.stats.receiptsFailed = this.sender.stats.failed;
        }
        this.emit(event, payload);
      },
    });
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
    return this.rotation.current;
  }

  /** Starts watching; resolves once the session is open. */
  async start(): Promise<void> {
    await this.openSession();
    this.running = this.loop();
    if (this.deps.receiptIntervalMs > 0) {
      this.receiptTimer = setInterval(() => void this.sendReceipts(), this.deps.receiptIntervalMs);
    }
  }

  /** Stops watching and posts the last receipts (once, best effort). */
  async stop(): Promise<void> {
    this.controller.abort();
    clearInterval(this.receiptTimer);
    await this.running;
    if (this.deps.receiptIntervalMs > 0) await this.sendReceipts();
  }

  /** Signs and posts one receipt per relay whose counts changed since it last accepted one. */
  sendReceipts(): Promise<void> {
    return this.sender.send(this.receipts, this.sessionKey);
  }

  private emit<K extends keyof ViewerEvents>(event: K, payload: ViewerEvents[K]): void {
    for (const listener of this.listeners[event]) listener(payload);
  }

  private async openSession(): Promise<void> {
    this.sessionKey ??= await createSessionKey();
    this.keyPair = this.sessionKey.keyPair;
    const { session, originAddress } = await openViewerSession(this.deps.coordinator, {
      streamId: this.streamId,
      sessionKey: this.sessionKey,
      originAddress: this.originAddress,
      viewerAddress: this.deps.viewerAddress,
    });
    this.originAddress = originAddress;
    // The previous session's last receipts still go out (they are signed under its id).
    if (this.receipts) void this.sender.post(this.receipts, this.sessionKey);
    this.session = session;
    if (session.fallback && !this.deps.relays) {
      // No relay could take this viewer: play from the fallback source, unpaid (no receipts).
      this.receipts = undefined;
      this.rotation.reset([{ address: originAddress, url: session.fallback.url, tier: 0 }]);
    } else {
      this.receipts = new ReceiptAccumulator(session.sessionId, this.streamId);
      this.rotation.reset(this.deps.relays ?? session.relays);
    }
    this.emit("session", session);
  }

  private async loop(): Promise<void> {
    const signal = this.controller.signal;
    const { now, pollIntervalMs } = this.deps;
    let consecutiveFailures = 0;
    while (!signal.aborted) {
      const relay = this.rotation.current;
      if (!relay) {
        this.emit(
          "error",
          new Error("no usable relay left; asking the coordinator for a new session"),
        );
        await sleep(pollIntervalMs, signal);
        await this.openSession().catch((error: unknown) => this.emit("error", asError(error)));
        continue;
      }
      try {
        const started = now();
        const received = await this.poller.poll(relay, {
          sessionId: this.session?.sessionId,
          originAddress: this.originAddress!,
          unpaid: this.receipts === undefined,
          signal,
          onSegment: (segment) => {
            this.stats.segments++;
            this.stats.bytes += segment.bytes.byteLength;
            this.receipts?.record(
              relay.address,
              relay.url,
              segment.bytes.byteLength,
              segment.sequence,
            );
            this.emit("segment", segment);
          },
          onPart: (part) => this.emit("part", part),
        });
        consecutiveFailures = 0;
        // A blocking reload returns as soon as a segment exists: poll again at once after news.
        if (received === 0) await sleep(Math.max(0, pollIntervalMs - (now() - started)), signal);
      } catch (error) {
        if (signal.aborted) break;
        consecutiveFailures++;
        const failover = this.rotation.failover(relay, asError(error));
        if (failover.tampered) this.stats.rejected++;
        this.stats.failovers++;
        this.emit("failover", failover);
        if (consecutiveFailures >= Math.max(this.rotation.usable().length, 1)) {
          await sleep(Math.min(100 * consecutiveFailures, 1000), signal);
        }
      }
    }
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
