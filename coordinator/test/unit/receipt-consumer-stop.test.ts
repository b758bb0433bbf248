/**
 * The receipt consumer's stop(): it closes its blocking reader only after the read in flight
 * ended (a Cluster client can drop a command in flight at disconnect), and it returns even when
 * a read never settles (CI once hung for 90 minutes in a teardown).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { pino } from "pino";
import { createReceiptConsumer } from "../../src/receipts/receipt-consumer.ts";
import type { ReceiptQueue } from "../../src/receipts/receipt-queue.ts";
import type { RedisClient } from "../../src/store/redis-client.ts";

function consumerWith(read: () => Promise<never[]>, events: string[]) {
  const reader = {
    on: () => reader,
    disconnect: () => void events.push("disconnect"),
  };
  const queue = {
    ensureGroup: async () => undefined,
    reclaim: async () => [],
    pruneConsumers: async () => 0,
    read: async () => {
      events.push("read");
      const batches = await read();
      events.push("read done");
      return batches;
    },
  } as unknown as ReceiptQueue;
  return createReceiptConsumer({
    redis: { duplicate: () => reader } as unknown as RedisClient,
    queue,
    ledger: {} as never,
    load: (async () => ({})) as never,
    verifier: {} as never,
    epochFor: async () => 0,
    logger: pino({ level: "silent" }),
    concurrency: 1,
    claimIdleMs: 30_000,
    stateTtlMs: 60_000,
    stopGraceMs: 200,
  });
}

test("stop() lets the read in flight end before it closes the reader", async () => {
  const events: string[] = [];
  const consumer = consumerWith(() => new Promise((r) => setTimeout(r, 50, [])), events);
  void consumer.start();
  await new Promise((r) => setTimeout(r, 10));
  await consumer.stop();
  assert.deepEqual(events.slice(-2), ["read done", "disconnect"]);
});

test("stop() returns when a read never settles", async () => {
  const events: string[] = [];
  const consumer = consumerWith(() => new Promise<never[]>(() => undefined), events);
  void consumer.start();
  await new Promise((r) => setTimeout(r, 10));
  const started = Date.now();
  await consumer.stop();
  assert.ok(Date.now() - started < 2_000, "stop() waited for a read that never ends");
  assert.deepEqual(events, ["read", "disconnect"]);
});
