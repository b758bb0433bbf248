/**
 * Failed spot checks in Redis: which relay keys are withheld for which epoch (the first
 * failure of an epoch names the reason), and each key's evidence, newest first, bounded.
 */
import type { RedisClient } from "./redis-client.ts";
import type { AuditEvidence } from "@streamrp2p/protocol/api";
import type { AuditCode } from "../core/spot-check.ts";
import type { Keys } from "./keys.ts";

/** How long withholdings and evidence are kept after the last failure. */
const AUDIT_TTL_SECONDS = 30 * 86400;

export interface Withholding {
  code: AuditCode;
  message: string;
}

export class AuditStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;
  readonly #evidenceMax: number;

  constructor(redis: RedisClient, keys: Keys, evidenceMax: number) {
    this.#redis = redis;
    this.#keys = keys;
    this.#evidenceMax = evidenceMax;
  }

  /** Withholds the relay key for `evidence.epoch` (the first failure's reason stays) and keeps the evidence. */
  async recordFailure(evidence: AuditEvidence): Promise<void> {
    const withheld = this.#keys.auditWithheld(evidence.epoch);
    const list = this.#keys.auditEvidence(evidence.relay);
    const reason: Withholding = { code: evidence.code as AuditCode, message: evidence.message };
    await this.#redis
      .multi()
      .hsetnx(withheld, evidence.relay, JSON.stringify(reason))
      .expire(withheld, AUDIT_TTL_SECONDS)
      .exec();
    await this.#redis
      .multi()
      .lpush(list, JSON.stringify(evidence))
      .ltrim(list, 0, this.#evidenceMax - 1)
      .expire(list, AUDIT_TTL_SECONDS)
      .exec();
  }

  /** The relay keys withheld for the epoch, with the reason. */
  async withheld(epoch: number): Promise<Map<string, Withholding>> {
    const hash = await this.#redis.hgetall(this.#keys.auditWithheld(epoch));
    return new Map(
      Object.entries(hash).map(([relay, json]) => [relay, JSON.parse(json) as Withholding]),
    );
  }

  /**
   * Whether this process runs the audit round of the current interval: the first to ask in
   * each interval does (the claim lasts 90% of it, so the same process's next tick is free).
   */
  async claimRound(intervalMs: number): Promise<boolean> {
    const ttlMs = Math.max(1, Math.floor(intervalMs * 0.9));
    return (await this.#redis.set(this.#keys.auditRound(), "1", "PX", ttlMs, "NX")) === "OK";
  }

  /** The relay key's failed checks, newest first. */
  async evidence(relay: string): Promise<AuditEvidence[]> {
    const items = await this.#redis.lrange(this.#keys.auditEvidence(relay), 0, -1);
    return items.map((json) => JSON.parse(json) as AuditEvidence);
  }
}
