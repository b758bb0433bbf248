/**
 * Consultation history in Redis under the advisor's own prefix: one JSON record per
 * consultation, a sorted set by time, and usage counts per persona (read by /metrics).
 */
import type { Redis } from "ioredis";
import { PERSONA_IDS, type PersonaId } from "../personas.ts";
import {
  consultationSchema,
  summarize,
  type Consultation,
  type ConsultationSummary,
} from "./consultation.ts";

export class ConsultationStore {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  #record(id: string) {
    return `${this.#prefix}consultation:${id}`;
  }
  get #index() {
    return `${this.#prefix}consultations`;
  }
  get #usage() {
    return `${this.#prefix}usage`;
  }

  async save(c: Consultation): Promise<void> {
    const tx = this.#redis
      .multi()
      .set(this.#record(c.id), JSON.stringify(c))
      .zadd(this.#index, Date.parse(c.createdAt), c.id);
    for (const a of c.answers) tx.hincrby(this.#usage, a.persona, 1);
    const results = await tx.exec();
    const failed = results?.find(([error]) => error !== null);
    if (!results || failed) throw failed?.[0] ?? new Error("redis transaction aborted");
  }

  async get(id: string): Promise<Consultation | undefined> {
    const raw = await this.#redis.get(this.#record(id));
    return raw === null ? undefined : consultationSchema.parse(JSON.parse(raw));
  }

  /** Newest first; with `persona`, only consultations that persona answered. */
  async list(options: { limit: number; persona?: PersonaId }): Promise<ConsultationSummary[]> {
    const out: ConsultationSummary[] = [];
    const page = 100;
    for (let start = 0; out.length < options.limit; start += page) {
      const ids = await this.#redis.zrevrange(this.#index, start, start + page - 1);
      if (ids.length === 0) break;
      const raws = await this.#redis.mget(ids.map((id) => this.#record(id)));
      for (const raw of raws) {
        if (raw === null) continue;
        const s = summarize(consultationSchema.parse(JSON.parse(raw)));
        if (options.persona && !s.personas.includes(options.persona)) continue;
        out.push(s);
        if (out.length === options.limit) break;
      }
    }
    return out;
  }

  /** Answers per persona, all time. */
  async usage(): Promise<Record<PersonaId, number>> {
    const raw = await this.#redis.hgetall(this.#usage);
    return Object.fromEntries(PERSONA_IDS.map((p) => [p, Number(raw[p] ?? 0)])) as Record<
      PersonaId,
      number
    >;
  }
}
