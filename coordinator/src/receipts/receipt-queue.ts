/**
 * The durable intake of receipt batches: a Redis stream with one consumer group. A batch is
 * appended (XADD) before the route acknowledges it, so a coordinator that dies after
 * answering 202 loses nothing; consumers read it with XREADGROUP, and XACK + XDEL it only
 * after its effects were applied (receipt-ledger.ts), so a crash in between redelivers it.
 */
import type { RedisClient } from "../store/redis-client.ts";
import type { Keys } from "../store/keys.ts";
import { NO_REPLICAS, waitForReplicas, type Durability } from "../store/redis-script.ts";

export const RECEIPT_GROUP = "evaluators";

export interface QueuedBatch {
  /** The stream entry id: the idempotency key of the batch's effects. */
  id: string;
  relay: `0x${string}`;
  /** Coordinator clock when the batch was accepted (ms): the evaluation's "now". */
  at: number;
  receipts: unknown[];
}

function parseEntry(id: string, flat: string[]): QueuedBatch {
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!;
  let receipts: unknown[] = [];
  try {
    const parsed = JSON.parse(fields.receipts ?? "[]") as unknown;
    if (Array.isArray(parsed)) receipts = parsed;
  } catch {
    receipts = [];
  }
  return {
    id,
    relay: (fields.relay ?? "0x") as `0x${string}`,
    at: Number(fields.at ?? 0),
    receipts,
  };
}

type StreamReply = [string, [string, string[]][]][] | null;

export class ReceiptQueue {
  readonly #redis: RedisClient;
  readonly #keys: Keys;

  readonly #durability: Durability;

  constructor(redis: RedisClient, keys: Keys, durability: Durability = NO_REPLICAS) {
    this.#redis = redis;
    this.#keys = keys;
    this.#durability = durability;
  }

  /** Appends a relay's batch; resolves once Redis (and the required replicas) hold it. */
  async append(relay: `0x${string}`, receipts: readonly unknown[], at: number): Promise<string> {
    const args = [
      this.#keys.receiptStream(),
      "*",
      "relay",
      relay,
      "at",
      String(at),
      "receipts",
      JSON.stringify(receipts),
    ];
    const id =
      this.#durability.replicas > 0
        ? await waitForReplicas(this.#redis, this.#durability, "XADD", args)
        : await this.#redis.xadd(...(args as [string, string, ...string[]]));
    return String(id);
  }

  /** Creates the consumer group (from the stream's start) if it does not exist. */
  async ensureGroup(): Promise<void> {
    try {
      await this.#redis.xgroup(
        "CREATE",
        this.#keys.receiptStream(),
        RECEIPT_GROUP,
        "0",
        "MKSTREAM",
      );
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("BUSYGROUP")) throw error;
    }
  }

  /** New batches for `consumer`, waiting up to `blockMs` (use a dedicated connection). */
  async read(
    reader: RedisClient,
    consumer: string,
    count: number,
    blockMs: number,
  ): Promise<QueuedBatch[]> {
    const reply = (await reader.xreadgroup(
      "GROUP",
      RECEIPT_GROUP,
      consumer,
      "COUNT",
      count,
      "BLOCK",
      blockMs,
      "STREAMS",
      this.#keys.receiptStream(),
      ">",
    )) as StreamReply;
    return (reply?.[0]?.[1] ?? []).map(([id, flat]) => parseEntry(id, flat));
  }

  /** Takes over batches pending at any consumer for at least `minIdleMs` (a dead process's). */
  async reclaim(consumer: string, minIdleMs: number, count: number): Promise<QueuedBatch[]> {
    const reply = (await this.#redis.xautoclaim(
      this.#keys.receiptStream(),
      RECEIPT_GROUP,
      consumer,
      minIdleMs,
      "0-0",
      "COUNT",
      count,
    )) as [string, ([string, string[]] | null)[], string[]?];
    return (reply[1] ?? []).flatMap((e) => (e ? [parseEntry(e[0], e[1])] : []));
  }

  /** Acknowledges and deletes a batch whose effects were applied. */
  async done(id: string): Promise<void> {
    await this.#redis
      .multi()
      .xack(this.#keys.receiptStream(), RECEIPT_GROUP, id)
      .xdel(this.#keys.receiptStream(), id)
      .exec();
  }

  /**
   * Forgets consumers (dead processes) with nothing pending that have been idle for
   * `maxIdleMs`; their pending batches were taken over first. Returns how many went.
   */
  async pruneConsumers(maxIdleMs: number): Promise<number> {
    const consumers = (await this.#redis.xinfo(
      "CONSUMERS",
      this.#keys.receiptStream(),
      RECEIPT_GROUP,
    )) as (string | number)[][];
    let pruned = 0;
    for (const flat of consumers) {
      const info: Record<string, string | number> = {};
      for (let i = 0; i + 1 < flat.length; i += 2) info[String(flat[i])] = flat[i + 1]!;
      if (Number(info.pending) === 0 && Number(info.idle) >= maxIdleMs) {
        await this.#redis.xgroup(
          "DELCONSUMER",
          this.#keys.receiptStream(),
          RECEIPT_GROUP,
          String(info.name),
        );
        pruned += 1;
      }
    }
    return pruned;
  }

  /** Batches accepted and not yet applied (in the stream, acknowledged entries are deleted). */
  async backlog(): Promise<number> {
    return this.#redis.xlen(this.#keys.receiptStream());
  }
}
