/**
 * The relay's latest viewer receipt per session. A receipt is kept only when it is well formed,
 * names this relay, belongs to a session the coordinator knows (its stream and public key come
 * from GET /v1/sessions/:id, cached), carries a valid session-key signature and is not older than
 * the one held. Receipts are cumulative, so only the latest per session matters; it stays
 * "unacknowledged" until the coordinator accepted a batch holding exactly that receipt.
 *
 * Viewers cannot spend the relay's own rate limit at the coordinator: unknown session ids are
 * remembered (a bounded cache with a TTL), and a session id that is in no cache is looked up only
 * when the client's network has a lookup token left (429 RATE_LIMITED otherwise) and the relay's
 * lookup budget too (503 LOOKUP_BUSY otherwise), so heartbeats and uploads always have room.
 */
import type { Address, Hex } from "viem";
import type { KeyedRateLimiter } from "../limits/keyed-rate-limiter.ts";
import type { TokenBucket } from "../limits/token-bucket.ts";
import { TtlCache } from "../limits/ttl-cache.ts";
import {
  importSessionPublicKey,
  signedReceipt,
  verifyReceiptWithKey,
  type SignedReceipt,
} from "@streamrp2p/protocol/receipt";

export interface SessionRecord {
  streamId: Hex;
  /** base64url SPKI of the session's P-256 key. */
  viewerPublicKey: string;
}

/** The session as the coordinator knows it; undefined when it has no such open session. */
export type SessionLookup = (sessionId: string) => Promise<SessionRecord | undefined>;

export type ReceiptRefusal =
  | "INVALID_RECEIPT"
  | "WRONG_RELAY"
  | "UNKNOWN_SESSION"
  | "WRONG_STREAM"
  | "BAD_SIGNATURE"
  | "SESSION_LOOKUP_FAILED"
  | "STORE_FULL"
  | "RATE_LIMITED"
  | "LOOKUP_BUSY";

export type SubmitResult =
  { ok: true; kept: boolean } | { ok: false; code: ReceiptRefusal; message: string };

export interface ReceiptStoreOptions {
  relay: Address;
  lookupSession: SessionLookup;
  /** Sessions held at once (acknowledged ones are evicted first). Default 100,000. */
  maxSessions?: number;
  /** How long a session's key stays cached, ms. Default 10 minutes. */
  keyCacheMs?: number;
  /** How long an unknown session id stays refused without asking again, ms. Default 60,000. */
  negativeCacheMs?: number;
  /** Unknown session ids remembered at once. Default 10,000. */
  maxUnknownSessions?: number;
  /** Session lookups per client network (see clientKey); none: unlimited. */
  lookupsPerClient?: KeyedRateLimiter;
  /** Session lookups of the whole relay; none: unlimited. */
  lookupBudget?: TokenBucket;
  /** Acknowledged receipts not updated for this long are forgotten, ms. Default 6 hours. */
  retainMs?: number;
  now?: () => number;
}

interface Held {
  receipt: SignedReceipt;
  acknowledged: boolean;
  updatedAt: number;
}

interface CachedKey {
  expiresAt: number;
  value: Promise<{ streamId: Hex; key: CryptoKey } | undefined>;
}

export class ReceiptStore {
  private readonly relay: string;
  private readonly lookupSession: SessionLookup;
  private readonly maxSessions: number;
  private readonly keyCacheMs: number;
  private readonly retainMs: number;
  private readonly now: () => number;
  private readonly latest = new Map<string, Held>();
  private readonly keys = new Map<string, CachedKey>();
  private readonly unknown: TtlCache<true>;
  private readonly lookupsPerClient: KeyedRateLimiter | undefined;
  private readonly lookupBudget: TokenBucket | undefined;
  /** Receipts refused since start, by reason. */
  readonly refused: Partial<Record<ReceiptRefusal, number>> = {};

  constructor(options: ReceiptStoreOptions) {
    this.relay = options.relay.toLowerCase();
    this.lookupSession = options.lookupSession;
    this.maxSessions = options.maxSessions ?? 100_000;
    this.keyCacheMs = options.keyCacheMs ?? 600_000;
    this.retainMs = options.retainMs ?? 6 * 3600_000;
    this.now = options.now ?? Date.now;
    this.unknown = new TtlCache({
      ttlMs: options.negativeCacheMs ?? 60_000,
      maxEntries: options.maxUnknownSessions ?? 10_000,
      now: this.now,
    });
    this.lookupsPerClient = options.lookupsPerClient;
    this.lookupBudget = options.lookupBudget;
  }

  /** Sessions with a receipt held. */
  get size(): number {
    return this.latest.size;
  }

  /** Sessions whose latest receipt the coordinator has not acknowledged yet. */
  get pending(): number {
    let n = 0;
    for (const held of this.latest.values()) if (!held.acknowledged) n++;
    return n;
  }

  /** The latest receipt held for a session. */
  get(sessionId: string): SignedReceipt | undefined {
    return this.latest.get(sessionId)?.receipt;
  }

  /**
   * Validates and verifies a receipt a viewer posted; keeps it if it is the newest. `client`:
   * the poster's network (clientKey), for the lookup limit.
   */
  async submit(body: unknown, client = "local"): Promise<SubmitResult> {
    const result = await this.check(body, client);
    if (!result.ok) this.refused[result.code] = (this.refused[result.code] ?? 0) + 1;
    return result;
  }

  /** Up to `max` latest receipts the coordinator has not acknowledged, oldest update first. */
  unacknowledged(max: number): SignedReceipt[] {
    const out: SignedReceipt[] = [];
    for (const held of this.latest.values()) {
      if (out.length >= max) break;
      if (!held.acknowledged) out.push(held.receipt);
    }
    return out;
  }

  /**
   * Marks receipts the coordinator accepted. A session whose receipt was replaced by a newer
   * one in the meantime stays unacknowledged (the newer one has not been sent).
   */
  acknowledge(receipts: readonly SignedReceipt[]): void {
    for (const receipt of receipts) {
      const held = this.latest.get(receipt.sessionId);
      if (held?.receipt === receipt) held.acknowledged = true;
    }
    this.prune();
  }

  private prune(): void {
    const cutoff = this.now() - this.retainMs;
    for (const [id, held] of this.latest) {
      if (held.acknowledged && held.updatedAt < cutoff) this.latest.delete(id);
    }
  }

  private async check(body: unknown, client: string): Promise<SubmitResult> {
    const parsed = signedReceipt.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        ok: false,
        code: "INVALID_RECEIPT",
        message: `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`,
      };
    }
    const receipt = parsed.data;
    if (receipt.relay.toLowerCase() !== this.relay) {
      return { ok: false, code: "WRONG_RELAY", message: `receipt names relay ${receipt.relay}` };
    }
    const cached = this.cachedSessionKey(receipt.sessionId);
    if (!cached) {
      if (this.unknown.get(receipt.sessionId))
        return {
          ok: false,
          code: "UNKNOWN_SESSION",
          message: `no open session ${receipt.sessionId}`,
        };
      if (this.lookupsPerClient && !this.lookupsPerClient.take(client))
        return {
          ok: false,
          code: "RATE_LIMITED",
          message: "too many new sessions from this network; retry later",
        };
      if (this.lookupBudget && !this.lookupBudget.take())
        return {
          ok: false,
          code: "LOOKUP_BUSY",
          message: "the relay is looking up too many sessions; retry later",
        };
    }
    let session: { streamId: Hex; key: CryptoKey } | undefined;
    try {
      session = await (cached ?? this.sessionKey(receipt.sessionId));
    } catch (error) {
      return {
        ok: false,
        code: "SESSION_LOOKUP_FAILED",
        message: `cannot look the session up: ${(error as Error).message}`,
      };
    }
    if (!session) {
      return {
        ok: false,
        code: "UNKNOWN_SESSION",
        message: `no open session ${receipt.sessionId}`,
      };
    }
    if (session.streamId.toLowerCase() !== receipt.streamId.toLowerCase()) {
      return { ok: false, code: "WRONG_STREAM", message: "the session watches another stream" };
    }
    const { signature, ...fields } = receipt;
    if (!(await verifyReceiptWithKey(session.key, fields, signature))) {
      return { ok: false, code: "BAD_SIGNATURE", message: "not signed by the session key" };
    }
    return this.keep(receipt);
  }

  private keep(receipt: SignedReceipt): SubmitResult {
    const held = this.latest.get(receipt.sessionId);
    if (held) {
      const old = held.receipt;
      const regressed =
        receipt.bytes < old.bytes ||
        receipt.segments < old.segments ||
        receipt.lastSequence < old.lastSequence;
      const unchanged =
        receipt.bytes === old.bytes &&
        receipt.segments === old.segments &&
        receipt.lastSequence === old.lastSequence;
      if (regressed || (unchanged && receipt.timestamp <= old.timestamp)) {
        return { ok: true, kept: false };
      }
      this.latest.delete(receipt.sessionId);
    } else if (this.latest.size >= this.maxSessions && !this.evictOne()) {
      return { ok: false, code: "STORE_FULL", message: "too many unacknowledged sessions" };
    }
    this.latest.set(receipt.sessionId, { receipt, acknowledged: false, updatedAt: this.now() });
    return { ok: true, kept: true };
  }

  /** Drops the least recently updated acknowledged session; false when every one is pending. */
  private evictOne(): boolean {
    for (const [id, held] of this.latest) {
      if (held.acknowledged) {
        this.latest.delete(id);
        return true;
      }
    }
    return false;
  }

  /** The session's key if it is cached or being looked up. */
  private cachedSessionKey(
    sessionId: string,
  ): Promise<{ streamId: Hex; key: CryptoKey } | undefined> | undefined {
    const cached = this.keys.get(sessionId);
    return cached && cached.expiresAt > this.now() ? cached.value : undefined;
  }

  private sessionKey(sessionId: string): Promise<{ streamId: Hex; key: CryptoKey } | undefined> {
    const now = this.now();
    const entry: CachedKey = {
      expiresAt: now + this.keyCacheMs,
      value: Promise.resolve(undefined),
    };
    entry.value = this.lookupSession(sessionId).then(
      async (session) => {
        if (!session) {
          if (this.keys.get(sessionId) === entry) this.keys.delete(sessionId);
          this.unknown.set(sessionId, true);
          return undefined;
        }
        return {
          streamId: session.streamId,
          key: await importSessionPublicKey(session.viewerPublicKey),
        };
      },
      (error: unknown) => {
        this.keys.delete(sessionId);
        throw error;
      },
    );
    this.keys.delete(sessionId);
    this.keys.set(sessionId, entry);
    while (this.keys.size > this.maxSessions) {
      const oldest = this.keys.keys().next().value;
      if (oldest === undefined) break;
      this.keys.delete(oldest);
    }
    return entry.value;
  }
}
